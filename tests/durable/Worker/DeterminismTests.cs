using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Determinism enforced by the worker on real storage, with every step replayed from storage: code
/// that changes under an instance in flight fails it with DurableTask.Core's non-determinism error,
/// which names the recorded decision and the new one — and nothing the changed code decided is
/// recorded or run.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    // No live execution is kept between steps: every step replays the instance from storage.
    private static void ReplayEveryStep(AzureStorageOptions options) => options.MaxCachedInstances = 0;

    [Fact]
    public async Task RaiseEvent_CodeChangedWhileTheInstanceWaited_FailsWithNonDeterminismNamingBothDecisions()
    {
        var codeChanged = false;
        var emailsSent = 0;
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry
                .AddActivityFunc<int, string>("SendVisitSms", (_, visit) => Task.FromResult($"sms {visit}"))
                .AddActivityFunc<int, string>("SendVisitEmail", (_, visit) =>
                {
                    Interlocked.Increment(ref emailsSent);
                    return Task.FromResult($"email {visit}");
                })
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
        Assert.Single((await runtime.Client.OnlyGenerationAsync(id)).OfType<TaskCompletedEvent>());
        codeChanged = true;
        await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", "yes");
        var failed = await runtime.WaitForCompletionAsync(id, Quickly);
        await runtime.Runtime.WaitForIdleAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(failed.FailureDetails);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failure.ErrorType);
        Assert.Contains("named 'SendVisitSms'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("instead scheduled an activity task named 'SendVisitEmail'", failure.ErrorMessage, StringComparison.Ordinal);

        // What the changed code decided before the mismatch showed is neither recorded nor run.
        var history = await runtime.Client.OnlyGenerationAsync(id);
        Assert.Equal(["SendVisitSms"], history.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Equal(0, emailsSent);
        HistoryChecks.AssertEachEventOnce(id, history);
    }

    [Fact]
    public async Task RaiseEvent_CodeChangedOnlyInAnActivitysInput_ReplaysAndCompletes()
    {
        // DurableTask.Core matches replayed decisions by kind, id and name: content is the code's own.
        var codeChanged = false;
        await using var runtime = await TestRuntime.StartAsync(
            registry => registry
                .AddActivityFunc<string, string>("SendVisitSms", (_, text) => Task.FromResult(text))
                .AddOrchestratorFunc<object?, string>("Admission", async (context, _) =>
                {
                    var reminder = await context.CallActivityAsync<string>("SendVisitSms", codeChanged ? "new wording" : "old wording");
                    var confirmed = await context.WaitForExternalEvent<string>("VisitConfirmed");
                    return $"{reminder}, {confirmed}";
                }),
            ReplayEveryStep);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        codeChanged = true;
        await runtime.Client.RaiseEventAsync(id, "VisitConfirmed", "yes");
        var done = await runtime.WaitForCompletionAsync(id, Quickly);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("old wording, yes", done.ReadOutputAs<string>());
    }
}
