using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class NonDeterminismTests
{
    /// <summary>Records history with <paramref name="original"/>, then replays it in a fresh session with <paramref name="changed"/>.</summary>
    private static StepResult ReplayChanged(
        Func<TaskOrchestrationContext, string?, Task<string>> original,
        Func<TaskOrchestrationContext, string?, Task<string>> changed,
        Action<ReplayDriver> recordSteps,
        params HistoryEvent[] next)
    {
        var driver = ReplayDriver.For(original);
        driver.Start();
        recordSteps(driver);
        var session = new OrchestrationSession(new FuncOrchestrator<string?, string>(changed), ReplayDriver.InstanceId);
        return session.Execute([.. driver.History], [new OrchestratorStarted { Timestamp = driver.Now }, .. next]);
    }

    private static FailureDetails AssertNonDeterminism(StepResult step)
    {
        Assert.True(step.IsCompleted);
        var completion = Assert.IsType<CompleteOrchestration>(step.Completion);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, completion.Status);
        var failure = Assert.IsType<FailureDetails>(completion.Failure);
        Assert.Equal(OrchestrationErrorTypes.NonDeterminism, failure.ErrorType);
        Assert.True(failure.IsNonRetriable);
        Assert.Contains("instance 'instance-1'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("register the changed code as a new version", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("DateTime.Now", failure.ErrorMessage, StringComparison.Ordinal);
        return failure;
    }

    [Fact]
    public void Replay_ActivityNameChanged_FailsNamingExpectedEventAndActualDecision()
    {
        var step = ReplayChanged(
            async (context, _) => await context.CallActivityAsync<string>("SendSms"),
            async (context, _) => await context.CallActivityAsync<string>("SendEmail"),
            _ => { },
            new TaskCompleted(2, "\"ok\""));

        var failure = AssertNonDeterminism(step);
        Assert.Contains("history expects TaskScheduled 'SendSms' (EventId 2)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("decision was CallActivity 'SendEmail'", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["OrchestratorStarted", "TaskCompleted", "ExecutionCompleted"], step.NewEvents.Select(e => e.Kind));
        Assert.Equal([3, 4, 5], step.NewEvents.Select(e => e.EventId));
    }

    [Fact]
    public void Replay_DecisionRemoved_FailsSayingTheCodeNoLongerMakesIt()
    {
        var step = ReplayChanged(
            async (context, _) => await context.CallActivityAsync<string>("A") + await context.CallActivityAsync<string>("B"),
            async (context, _) => await context.CallActivityAsync<string>("A") + await context.WaitForExternalEvent<string>("b"),
            driver => driver.CompleteTask(2, "a"),
            new TaskCompleted(5, "\"b\""));

        var failure = AssertNonDeterminism(step);
        Assert.Contains("history expects TaskScheduled 'B' (EventId 5) but the orchestrator made no further decision", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_DecisionAdded_FailsNamingTheExtraDecision()
    {
        var step = ReplayChanged(
            async (context, _) => await context.CallActivityAsync<string>("A") + await context.WaitForExternalEvent<string>("go"),
            async (context, _) =>
            {
                var a = await context.CallActivityAsync<string>("A");
                context.SendEvent("audit", "Called", a);
                return a + await context.WaitForExternalEvent<string>("go");
            },
            driver => driver.CompleteTask(2, "a"),
            new EventRaised("go", "\"!\""));

        var failure = AssertNonDeterminism(step);
        Assert.Contains("decision SendEvent 'Called' to instance 'audit' is not in history", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("EventId 4", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TimerDurationChanged_FailsNamingBothFireTimes()
    {
        var step = ReplayChanged(
            async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                return "";
            },
            async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromHours(2), CancellationToken.None);
                return "";
            },
            _ => { },
            new TimerFired(2, ReplayDriver.StartTime.AddHours(1)));

        var failure = AssertNonDeterminism(step);
        Assert.Contains("TimerCreated firing at 2025-03-01T09:00:00.0000000+00:00 (EventId 2)", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CreateTimer firing at 2025-03-01T10:00:00.0000000+00:00", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CodeFinishesWhereHistoryContinues_FailsWithNonDeterminism()
    {
        var step = ReplayChanged(
            async (context, _) =>
            {
                await context.CallActivityAsync("A");
                await context.WaitForExternalEvent<string>("go");
                return "";
            },
            async (context, _) =>
            {
                await context.CallActivityAsync("A");
                return "";
            },
            driver => driver.CompleteTask(2, null),
            new EventRaised("go", null));

        var failure = AssertNonDeterminism(step);
        Assert.Contains("finish the orchestration (Completed) is not in history", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SameCode_DoesNotFail()
    {
        static async Task<string> Code(TaskOrchestrationContext context, string? input) =>
            await context.CallActivityAsync<string>("A") + await context.CallActivityAsync<string>("B");

        var step = ReplayChanged(Code, Code, driver => driver.CompleteTask(2, "a"), new TaskCompleted(5, "\"b\""));

        Assert.Equal(new CompleteOrchestration(OrchestrationRuntimeStatus.Completed, "\"ab\"", null), step.Completion);
    }
}
