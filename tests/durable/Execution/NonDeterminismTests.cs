using DurableTask.Core.History;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>
/// Code changed under an instance in flight: when the worker replays the instance from storage and
/// the code decides differently from its history, DurableTask.Core's executor fails it, visibly, with
/// its non-determinism error, instead of running on from a history that does not fit the code.
/// </summary>
public sealed class NonDeterminismTests
{
    [Theory]
    [InlineData(Change.RenamedActivity)]
    [InlineData(Change.AddedCall)]
    public async Task RaiseEventAsync_CodeChangedWhileTheInstanceWaited_FailsTheInstanceWithTheNonDeterminismError(Change change)
    {
        var changed = false;
        var ran = 0;
        await using var runtime = await Runtimes.StartAsync(
            registry => registry
                .AddActivityFunc<int, string>("SendVisitSms", (_, visit) => $"sms {visit}")
                .AddActivityFunc<int, string>("SendVisitEmail", (_, visit) => $"email {visit} #{Interlocked.Increment(ref ran)}")
                .AddActivityFunc<int, bool>("CheckPhone", (_, _) => Interlocked.Increment(ref ran) > 0)
                .AddActivityFunc<string, string>("WriteSummary", (_, text) => text)
                .AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
                {
                    if (changed && change == Change.AddedCall)
                    {
                        await context.CallActivityAsync<bool>("CheckPhone", 1);
                    }

                    var reminder = await context.CallActivityAsync<string>(changed && change == Change.RenamedActivity ? "SendVisitEmail" : "SendVisitSms", 1);
                    var confirmed = await context.WaitForExternalEvent<string>("VisitConfirmed");
                    return await context.CallActivityAsync<string>("WriteSummary", $"{reminder}, {confirmed}");
                }),
            Runtimes.ReplayEveryStep);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Single((await runtime.HistoryAsync(id)).OfType<TaskCompletedEvent>());

        changed = true;
        await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", "yes");
        var failed = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(failed.FailureDetails);
        Assert.Equal(typeof(DurableTask.Core.Exceptions.NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("named 'SendVisitSms'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(change == Change.RenamedActivity ? "named 'SendVisitEmail'" : "named 'CheckPhone'", failure.ErrorMessage, StringComparison.Ordinal);

        // The changed code's activity is neither recorded nor run for the failed instance.
        var history = await runtime.HistoryAsync(id);
        Assert.Equal(["SendVisitSms"], history.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Equal(history.Count - 1, history.IndexOf(history.OfType<ExecutionCompletedEvent>().Single()));
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task RaiseEventAsync_CodeChangedButTheInstanceIsHot_RunsOnTheCodeItStartedWith()
    {
        var changed = false;
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc<string, string>("Send", (_, channel) => channel)
            .AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
            {
                var sent = await context.CallActivityAsync<string>("Send", changed ? "email" : "sms");
                return $"{sent}, {await context.WaitForExternalEvent<string>("VisitConfirmed")}";
            }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();

        changed = true;
        await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", "yes");
        var done = await runtime.WaitForCompletionAsync(id);

        // Kept in memory between steps, the instance is not replayed: the change shows only on replay.
        Assert.Equal("sms, yes", done.ReadOutputAs<string>());
    }

    public enum Change
    {
        RenamedActivity,
        AddedCall,
    }
}
