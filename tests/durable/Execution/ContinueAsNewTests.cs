using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// Continue-as-new: each generation replays only its own events, every generation stays readable,
/// and events the old generation had not taken yet carry over when the orchestration asks.
/// </summary>
public sealed class ContinueAsNewTests
{
    [Fact]
    public async Task ContinueAsNew_ThreeGenerations_EachIsReadableThroughGetGenerationsAsync()
    {
        await using var runtime = await StartAsync(preserveUnprocessedEvents: true);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Ticks", new List<string>());
        await RaiseTicksAsync(runtime, id);
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("a,b,c", done.ReadOutputAs<string>());
        Assert.Equal(2, done.Generation());
        var generations = await runtime.Client.GetGenerationsAsync(id);
        Assert.Equal([0, 1, 2], generations.Select(g => g.Generation));
        Assert.Equal(3, generations.Select(g => g.ExecutionId).Distinct().Count());
        Assert.All(generations, g =>
        {
            var started = Assert.IsType<ExecutionStartedEvent>(g.Events[1].Event);
            Assert.Equal((g.Generation, g.ExecutionId), (started.Generation, started.OrchestrationInstance.ExecutionId));
            Assert.IsType<OrchestratorStartedEvent>(g.Events[0].Event);
        });
        Assert.All(generations.Take(2), g => Assert.IsType<ContinueAsNewEvent>(g.Events[^1].Event));
        Assert.Equal(OrchestrationStatus.Completed, Assert.IsType<ExecutionCompletedEvent>(generations[2].Events[^1].Event).OrchestrationStatus);
        Assert.Equal("[\"a\",\"b\"]", generations[2].Events.Select(e => e.Event).OfType<ExecutionStartedEvent>().Single().Input);

        // The SDK's history is the current generation's alone.
        Assert.Equal(generations[2].Events.Count, (await runtime.HistoryAsync(id)).Count);
    }

    [Fact]
    public async Task ContinueAsNew_PreservingUnprocessedEvents_CarriesThemIntoTheNextGenerations()
    {
        await using var runtime = await StartAsync(preserveUnprocessedEvents: true);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Ticks", new List<string>());
        await RaiseTicksAsync(runtime, id);
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("a,b,c", done.ReadOutputAs<string>());
        var generations = await runtime.Client.GetGenerationsAsync(id);
        // The SDK sends the events it holds back to the instance; the later generations take them in
        // order. (One that arrives in the step that continues as new is recorded there too, as
        // received, and again in the next generation, which DurableTask.Core carries it over to.)
        var sent = generations[0].Events.Select(e => e.Event).OfType<EventSentEvent>().ToList();
        Assert.Equal([(id, "Tick", "\"b\""), (id, "Tick", "\"c\"")], sent.Select(e => (e.InstanceId, e.Name, e.Input)));
        Assert.Equal(["\"b\"", "\"c\""], generations.Skip(1).SelectMany(g => g.Events).Select(e => e.Event).OfType<EventRaisedEvent>().Select(e => e.Input).Distinct());
    }

    [Fact]
    public async Task ContinueAsNew_NotPreservingUnprocessedEvents_DropsThem()
    {
        await using var runtime = await StartAsync(preserveUnprocessedEvents: false);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Ticks", new List<string>());
        await RaiseTicksAsync(runtime, id);
        await runtime.Runtime.WaitForIdleAsync();

        var instance = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal((OrchestrationRuntimeStatus.Running, 1), (instance?.RuntimeStatus, instance?.Generation()));
        Assert.Equal(["a"], instance?.ReadInputAs<List<string>>());
    }

    [Fact]
    public async Task ContinueAsNew_NextGenerationSetsNoCustomStatusYet_KeepsThePreviousOne()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<int, string>("Line", async (context, generation) =>
        {
            var text = await context.WaitForExternalEvent<string>("Sms");
            context.SetCustomStatus(new { Received = generation + 1 });
            context.ContinueAsNew(generation + 1);
            return text;
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Line", 0);
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.RaiseEventAsync(id, "Sms", "OK 1234");
        await runtime.Runtime.WaitForIdleAsync();

        var instance = await runtime.Client.GetInstanceAsync(id);
        Assert.Equal((1, """{"received":1}"""), (instance?.Generation(), instance?.SerializedCustomStatus));
    }

    /// <summary>Raises a, b and c while the first generation waits on a timer, then lets the timer fire.</summary>
    private static async Task RaiseTicksAsync(TestRuntime runtime, string id)
    {
        await runtime.Runtime.WaitForIdleAsync();
        foreach (var tick in new[] { "a", "b", "c" })
        {
            await runtime.Client.RaiseEventAsync(id, "Tick", tick);
        }

        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
    }

    /// <summary>Takes one tick per generation until it has three.</summary>
    private static Task<TestRuntime> StartAsync(bool preserveUnprocessedEvents) => Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<List<string>, string>(
        "Ticks",
        async (context, ticks) =>
        {
            if (ticks.Count == 0)
            {
                await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            }

            ticks.Add(await context.WaitForExternalEvent<string>("Tick"));
            if (ticks.Count < 3)
            {
                context.ContinueAsNew(ticks, preserveUnprocessedEvents);
                return "";
            }

            return string.Join(",", ticks);
        }));
}
