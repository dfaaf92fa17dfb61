using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Worker;

public sealed class WorkerEndToEndTests
{
    private static void Greetings(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Greet", (_, name) => Task.FromResult($"Hello {name}"))
        .AddOrchestratorFunc<string[], string>("GreetAll", async (context, names) =>
        {
            var greetings = new List<string>();
            foreach (var name in names)
            {
                greetings.Add(await context.CallActivityAsync<string>("Greet", name));
            }

            return string.Join(", ", greetings);
        });

    [Fact]
    public async Task Schedule_ActivitiesInSequence_CompletesWithTheirResults()
    {
        await using var runtime = await TestRuntime.StartAsync(Greetings);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("GreetAll", new[] { "Ann", "Bo" });
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Hello Ann, Hello Bo", done.ReadOutputAs<string>());
        var history = await runtime.Client.OnlyGenerationAsync(id);
        Assert.Equal([0, 1], history.OfType<TaskScheduledEvent>().Select(e => e.EventId));
        Assert.Equal(["Greet", "Greet"], history.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Equal([0, 1], history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId));
        Assert.IsType<ExecutionCompletedEvent>(history[^1]);
        HistoryChecks.AssertEachEventOnce(id, history);

        // Rows are numbered by their place in the generation, whatever DurableTask.Core's event ids.
        var rows = await runtime.Storage.Instances.ReadAllHistoryAsync(id);
        Assert.Equal(Enumerable.Range(0, history.Count), rows.Select(r => r.Sequence));
    }

    [Fact]
    public async Task Schedule_SameIdWhileRunning_IsRefused()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go")));

        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "same" });

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", null, new StartOrchestrationOptions { InstanceId = "same" }));
        Assert.Contains("same", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_WaitingInstance_CompletesWithThePayload()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Waits", async (context, _) => await context.WaitForExternalEvent<string>("Go")));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await runtime.Client.RaiseEventAsync(id, "Go", "payload");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("payload", done.ReadOutputAs<string>());
    }
}
