using System.Diagnostics;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Hosting;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Determinism enforced by the worker on real storage, with every step replayed from storage:
/// a non-durable await fails the instance quickly instead of hanging, and code that changes
/// under an instance in flight fails it with a message naming both decisions.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    // No live session is kept between steps: every step replays the instance from storage.
    private static void ReplayEveryStep(DurableTaskOptions options) => options.MaxCachedInstances = 0;

    [Fact]
    public async Task Schedule_OrchestratorAwaitsTaskDelay_FailsQuicklyWithNonDurableAwait()
    {
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, string>("Delays", async (_, _) =>
            {
                await Task.Delay(TimeSpan.FromMinutes(10));
                return "never";
            }),
            ReplayEveryStep);
        var elapsed = Stopwatch.StartNew();

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Delays");
        var failed = await runtime.WaitForCompletionAsync(id, Quickly);

        Assert.True(elapsed.Elapsed < Quickly);
        AssertNonDurableAwait(failed.RuntimeStatus, failed.FailureDetails);
        Assert.Contains("use context.CreateTimer instead of Task.Delay", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_TaskDelayCompletesBetweenSteps_FailsWithNonDurableAwaitInsteadOfWaitingForTheEvent()
    {
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<object?, string>("Races", async (context, _) =>
            {
                // The delay is not durable: its completion reaches the orchestration between steps.
                await Task.WhenAny(context.WaitForExternalEvent<string>("Go"), Task.Delay(TimeSpan.FromMilliseconds(200)));
                return "raced";
            }),
            ReplayEveryStep);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Races");
        var failed = await runtime.WaitForCompletionAsync(id, Quickly);

        AssertNonDurableAwait(failed.RuntimeStatus, failed.FailureDetails);
        Assert.Contains("between steps", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        var history = Assert.Single(await runtime.Client.GetHistoryAsync(id)).Events;
        Assert.True(history.Count < 10, $"The instance took {history.Count} history events to fail: {string.Join(", ", history.Select(e => e.Kind))}.");
    }

    [Fact]
    public async Task RaiseEvent_CodeChangedWhileTheInstanceWaited_FailsWithNonDeterminismNamingBothDecisions()
    {
        var codeChanged = false;
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry
                .AddActivityFunc<int, string>("SendVisitSms", (_, visit) => Task.FromResult($"sms {visit}"))
                .AddActivityFunc<int, string>("SendVisitEmail", (_, visit) => Task.FromResult($"email {visit}"))
                .AddActivityFunc<string, string>("WriteSummary", (_, text) => Task.FromResult(text))
                .AddOrchestratorFunc<object?, string>("Admission", async (context, _) =>
                {
                    // A deployment that swaps the reminder channel under instances in flight.
                    var reminder = await context.CallActivityAsync<string>(codeChanged ? "SendVisitEmail" : "SendVisitSms", 1);
                    var confirmed = await context.WaitForExternalEvent<string>("VisitConfirmed");
                    return await context.CallActivityAsync<string>("WriteSummary", $"{reminder}, {confirmed}");
                }),
            ReplayEveryStep);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        Assert.Single((await runtime.Client.GetHistoryAsync(id))[0].Events.OfType<TaskCompleted>());
        codeChanged = true;
        await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", "yes");
        var failed = await runtime.WaitForCompletionAsync(id, Quickly);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<FailureDetails>(failed.FailureDetails);
        Assert.Equal(OrchestrationErrorTypes.NonDeterminism, failure.ErrorType);
        Assert.True(failure.IsNonRetriable);
        Assert.Contains("history expects TaskScheduled 'SendVisitSms'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("decision was CallActivity 'SendVisitEmail'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(id, failure.ErrorMessage, StringComparison.Ordinal);
        var history = Assert.Single(await runtime.Client.GetHistoryAsync(id)).Events;
        Assert.DoesNotContain(history.OfType<TaskScheduled>(), scheduled => scheduled.Name is "SendVisitEmail" or "WriteSummary");
    }

    private static void AssertNonDurableAwait(OrchestrationRuntimeStatus status, FailureDetails? failure)
    {
        Assert.Equal(OrchestrationRuntimeStatus.Failed, status);
        Assert.NotNull(failure);
        Assert.Equal(OrchestrationErrorTypes.NonDurableAwait, failure.ErrorType);
        Assert.Contains("awaited something that is not a durable task", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(failure.IsNonRetriable);
    }
}
