using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class LifecycleTests
{
    [Fact]
    public void ExecutionTerminated_WhileWaiting_EndsTerminatedWithReasonAndRunsNoMoreCode()
    {
        var resumed = false;
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CallActivityAsync("Long");
            resumed = true;
            return "done";
        });
        driver.Start();

        var step = driver.Step(new ExecutionTerminated("patient discharged"), new TaskCompleted(2, null));

        Assert.False(resumed);
        Assert.True(step.IsCompleted);
        Assert.Equal(new CompleteOrchestration(OrchestrationRuntimeStatus.Terminated, "\"patient discharged\"", null), step.Completion);
        Assert.Equal(["OrchestratorStarted", "ExecutionTerminated", "TaskCompleted", "ExecutionCompleted"], step.NewEvents.Select(e => e.Kind));
    }

    [Fact]
    public void ExecutionSuspendedAndResumed_AreRecordedWithoutRunningCode()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) => await context.WaitForExternalEvent<string>("go"));
        driver.Start();

        var suspended = driver.Step(new ExecutionSuspended("maintenance"));
        var suspendedFlag = driver.Session.IsSuspended;
        var resumed = driver.Step(new ExecutionResumed(null));

        Assert.True(suspendedFlag);
        Assert.False(driver.Session.IsSuspended);
        Assert.Equal(["OrchestratorStarted", "ExecutionSuspended"], suspended.NewEvents.Select(e => e.Kind));
        Assert.Empty(suspended.Actions);
        Assert.False(resumed.IsCompleted);
        Assert.Equal("\"x\"", driver.Raise("go", "x").Completion?.Output);
    }

    [Fact]
    public void Orchestrator_ThrowsException_FailsWithItsFailureDetails()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CallActivityAsync("Check");
            throw new InvalidOperationException("bed not available", new ArgumentException("ward B7"));
        });
        driver.Start();

        var step = driver.CompleteTask(2, null);

        var failure = step.Completion?.Failure;
        Assert.Equal(OrchestrationRuntimeStatus.Failed, step.Completion?.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure?.ErrorType);
        Assert.Equal("bed not available", failure?.ErrorMessage);
        Assert.Equal("ward B7", failure?.InnerFailure?.ErrorMessage);
        Assert.NotNull(failure?.StackTrace);
    }

    [Fact]
    public void Orchestrator_ThrowsSynchronously_FailsInTheFirstStep()
    {
        var driver = ReplayDriver.For<string?, string>((_, _) => throw new InvalidOperationException("sync"));

        var step = driver.Start();

        Assert.Equal("sync", step.Completion?.Failure?.ErrorMessage);
    }

    [Fact]
    public void TaskCompleted_DuplicateOrUnknown_IsIgnored()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
            await context.CallActivityAsync<string>("A") + await context.CallActivityAsync<string>("B"));
        driver.Start();
        driver.CompleteTask(2, "a");

        var duplicate = driver.Step(new TaskCompleted(2, "\"again\""), new TaskCompleted(99, "\"unknown\""), new TimerFired(3, ReplayDriver.StartTime));

        Assert.False(duplicate.IsCompleted);
        Assert.Empty(duplicate.Actions);
        Assert.Equal("\"ab\"", driver.CompleteTask(5, "b").Completion?.Output);
    }

    [Fact]
    public void Execute_AfterCompletion_RecordsNothing()
    {
        var driver = ReplayDriver.For<string?, string>((_, _) => Task.FromResult("done"));
        driver.Start();

        var after = driver.Raise("late", 1);

        Assert.True(after.IsCompleted);
        Assert.Empty(after.NewEvents);
        Assert.Empty(after.Actions);
    }

    [Fact]
    public void Execute_FreshSessionOverFinishedHistory_RecordsNothing()
    {
        var orchestrator = new FuncOrchestrator<string?, string>((_, _) => Task.FromResult("done"));
        var driver = new ReplayDriver(orchestrator);
        driver.Start();

        var step = new OrchestrationSession(orchestrator, ReplayDriver.InstanceId).Execute([.. driver.History], [new OrchestratorStarted(), new EventRaised("late", null)]);

        Assert.True(step.IsCompleted);
        Assert.Empty(step.NewEvents);
    }

    [Fact]
    public void Execute_NewEventsWithoutOrchestratorStarted_Throws()
    {
        var session = new OrchestrationSession(new FuncOrchestrator<string?, string>((_, _) => Task.FromResult("")), "i");

        var error = Assert.Throws<ArgumentException>(() => session.Execute([], [new ExecutionStarted("X", "", null)]));

        Assert.Contains("OrchestratorStarted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_PastWithGap_ThrowsNamingTheExpectedEventId()
    {
        var session = new OrchestrationSession(new FuncOrchestrator<string?, string>((_, _) => Task.FromResult("")), "i");

        var error = Assert.Throws<ArgumentException>(() => session.Execute(
            [new OrchestratorStarted { EventId = 0 }, new ExecutionStarted("X", "", null) { EventId = 2 }],
            [new OrchestratorStarted()]));

        Assert.Contains("EventId 2, expected 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_DecisionAsNewEvent_Throws()
    {
        var session = new OrchestrationSession(new FuncOrchestrator<string?, string>((_, _) => Task.FromResult("")), "i");

        Assert.Throws<ArgumentException>(() => session.Execute([], [new OrchestratorStarted(), new TaskScheduled("A", null)]));
    }

    [Fact]
    public void EventRaised_BeforeExecutionStarted_IsBufferedForTheOrchestrator()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) => await context.WaitForExternalEvent<string>("early"));

        driver.Raise("early", "first");
        var step = driver.Start();

        Assert.Equal("\"first\"", step.Completion?.Output);
    }
}
