using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>An instance's statuses through its life: pending, running, suspended and resumed, and how it ends.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task SuspendAndResume_EventRaisedWhileSuspended_IsTakenOnlyAfterTheResumptionAndEachStatusIsReported()
    {
        await using var runtime = await Runtimes.StartAsync(Register);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { StartAt = Runtimes.Start.AddHours(1) });
        await runtime.Runtime.WaitForIdleAsync();
        var pending = await runtime.Client.GetInstanceAsync(id);
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
        var running = await runtime.Client.GetInstanceAsync(id);
        await runtime.Client.SuspendInstanceAsync(id, "patient readmitted");
        await runtime.Runtime.WaitForIdleAsync();
        var suspended = await runtime.Client.GetInstanceAsync(id);

        // Not WaitForIdleAsync from here until the resumption: a suspended instance's event goes
        // back to the queue every second until it can be taken, so the runtime is never idle.
        await runtime.Client.RaiseEventAsync(id, "Discharged", "home");
        await runtime.Client.ResumeInstanceAsync(id, "back home");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, running?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended?.RuntimeStatus);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "discharged home"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        var kinds = (await runtime.HistoryAsync(id)).Select(e => e.EventType).ToList();
        Assert.True(
            kinds.IndexOf(EventType.ExecutionSuspended) < kinds.IndexOf(EventType.ExecutionResumed) && kinds.IndexOf(EventType.ExecutionResumed) < kinds.IndexOf(EventType.EventRaised),
            $"the event is recorded after the resumption: {string.Join(", ", kinds)}");
    }

    [Fact]
    public async Task GetOrchestrationHistoryAsync_ScheduledNotStartedAndUnknown_EmptyAndArgumentException()
    {
        await using var runtime = await Runtimes.StartAsync(Register);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { StartAt = Runtimes.Start.AddHours(1) });
        await runtime.Runtime.WaitForIdleAsync();

        Assert.Empty(await runtime.Client.GetOrchestrationHistoryAsync(id));
        await Assert.ThrowsAsync<ArgumentException>(() => runtime.Client.GetOrchestrationHistoryAsync("no-such-admission"));
    }

    [Fact]
    public async Task SetCustomStatus_ChangedAndCleared_IsReportedAfterEachStep()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            context.SetCustomStatus(new { Stage = "waiting for consent" });
            await context.WaitForExternalEvent<string>("Consent");
            context.SetCustomStatus(null);
            return await context.WaitForExternalEvent<string>("Discharged");
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();
        var waiting = await runtime.Client.GetInstanceAsync(id);

        await runtime.Client.RaiseEventAsync(id, "Consent", "given");
        await runtime.Runtime.WaitForIdleAsync();
        var cleared = await runtime.Client.GetInstanceAsync(id);

        Assert.Equal("""{"stage":"waiting for consent"}""", waiting?.SerializedCustomStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, cleared?.RuntimeStatus);
        Assert.Null(cleared?.SerializedCustomStatus);
    }

    [Fact]
    public async Task TerminateInstanceAsync_WhileWaitingOnATimer_EndsTerminatedWithTheReasonAndRunsNoMoreCode()
    {
        var resumed = false;
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromDays(3), CancellationToken.None);
            resumed = true;
            return "three days later";
        }));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.WaitForIdleAsync();

        await runtime.Client.TerminateInstanceAsync(id, "patient discharged early");
        var done = await runtime.WaitForCompletionAsync(id);
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromDays(4));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("patient discharged early", done.ReadOutputAs<string>());
        Assert.False(resumed);
        Assert.Empty(await runtime.Client.GetPendingTimersAsync(id));
        var completed = (await runtime.HistoryAsync(id)).OfType<ExecutionCompletedEvent>().Single();
        Assert.Equal(OrchestrationStatus.Terminated, completed.OrchestrationStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await runtime.Client.GetInstanceAsync(id))?.RuntimeStatus);
    }

    [Fact]
    public async Task RunAsync_OrchestratorThrows_FailsWithTheExceptionsFailureDetails()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry.AddOrchestratorFunc<string?, string>("Admission", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
            throw new InvalidOperationException("bed not available", new ArgumentException("ward B7"));
        }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(done.FailureDetails);
        Assert.Equal((typeof(InvalidOperationException).FullName, "bed not available"), (failure.ErrorType, failure.ErrorMessage));
        Assert.Equal("ward B7", failure.InnerFailure?.ErrorMessage);
        Assert.Contains(nameof(LifecycleTests), failure.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_OrchestratorNotRegistered_FailsVisiblyWithOrchestratorNotRegistered()
    {
        await using var runtime = await Runtimes.StartAsync(Register);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(FailureTypes.OrchestratorNotRegistered, done.FailureDetails?.ErrorType);
        Assert.Contains("'NoSuchOrchestrator'", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    private static void Register(DurableTaskRegistry registry) => registry.AddOrchestratorFunc<string?, string>(
        "Admission", async (context, _) => "discharged " + await context.WaitForExternalEvent<string>("Discharged"));
}
