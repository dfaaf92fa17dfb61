using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class RetryTests
{
    private static ReplayDriver FlakyActivity(RetryPolicy policy, int failures, Func<int, Exception>? error = null)
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
            await context.CallActivityAsync<string>("Flaky", null, new TaskOptions { Retry = policy }));
        var calls = 0;
        driver.Activities["Flaky"] = _ => ++calls <= failures ? throw (error?.Invoke(calls) ?? new InvalidOperationException($"failure {calls}")) : "done";
        return driver;
    }

    private static TimeSpan[] RetryDelays(ReplayDriver driver) =>
        [.. driver.History.OfType<TimerCreated>().Select(timer => timer.FireAt - driver.History.Last(e => e is OrchestratorStarted && e.EventId < timer.EventId).Timestamp)];

    [Fact]
    public void CallActivityAsync_RetryUntilSuccess_EachAttemptIsItsOwnTaskScheduled()
    {
        var driver = FlakyActivity(new RetryPolicy(5, TimeSpan.FromSeconds(10)), failures: 2);

        var result = driver.Run();

        Assert.Equal("\"done\"", result.Completion?.Output);
        Assert.Equal(3, driver.History.OfType<TaskScheduled>().Count());
        Assert.Equal(2, driver.History.OfType<TaskFailed>().Count());
        Assert.Equal(2, driver.History.OfType<TimerFired>().Count());
    }

    [Fact]
    public void CallActivityAsync_BackoffWithCap_WaitsFirstTimesCoefficientPowersUpToMax()
    {
        var driver = FlakyActivity(new RetryPolicy(6, TimeSpan.FromSeconds(10), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromSeconds(50)), failures: 5);

        driver.Run();

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(50)], RetryDelays(driver));
    }

    [Fact]
    public void CallActivityAsync_AttemptsExhausted_FailsWithTheLastFailure()
    {
        var driver = FlakyActivity(new RetryPolicy(3, TimeSpan.FromMinutes(1)), failures: 10);

        var result = driver.Run();

        Assert.Equal(3, driver.History.OfType<TaskScheduled>().Count());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion?.Status);
        Assert.Equal("failure 3", result.Completion?.Failure?.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public void CallActivityAsync_RetryTimeoutReached_StopsBeforeAttemptsAreUsedUp()
    {
        // Attempts at 0 s, 60 s, 120 s; a fourth at 180 s would start later than 150 s after the first.
        var driver = FlakyActivity(new RetryPolicy(10, TimeSpan.FromMinutes(1), retryTimeout: TimeSpan.FromSeconds(150)), failures: 10);

        var result = driver.Run();

        Assert.Equal(3, driver.History.OfType<TaskScheduled>().Count());
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion?.Status);
    }

    [Fact]
    public void CallActivityAsync_NonRetriableFailure_DoesNotRetry()
    {
        var driver = FlakyActivity(new RetryPolicy(5, TimeSpan.FromSeconds(1)), failures: 10, _ => new NotSupportedException("permanent"));

        var result = driver.Run();

        Assert.Single(driver.History.OfType<TaskScheduled>());
        Assert.Empty(driver.History.OfType<TimerCreated>());
        Assert.Equal("permanent", result.Completion?.Failure?.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public void CallActivityAsync_HandleReturnsFalse_DoesNotRetryThatFailure()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { Handle = failure => !failure.ErrorMessage.Contains("fatal", StringComparison.Ordinal) };
        var driver = FlakyActivity(policy, failures: 10, attempt => new InvalidOperationException(attempt == 2 ? "fatal" : "transient"));

        var result = driver.Run();

        Assert.Equal(2, driver.History.OfType<TaskScheduled>().Count());
        Assert.Equal("fatal", result.Completion?.Failure?.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public void CallSubOrchestratorAsync_WithRetry_StartsANewChildPerAttempt()
    {
        var driver = ReplayDriver.For<string?, int>(async (context, _) =>
            await context.CallSubOrchestratorAsync<int>("Child", null, new SubOrchestrationOptions { Retry = new RetryPolicy(3, TimeSpan.FromSeconds(5)) }));
        var calls = 0;
        driver.SubOrchestrations["Child"] = _ => ++calls < 3 ? throw new InvalidOperationException("child failed") : 7;

        var result = driver.Run();

        Assert.Equal("7", result.Completion?.Output);
        var children = driver.History.OfType<SubOrchestrationCreated>().Select(c => c.InstanceId).ToArray();
        Assert.Equal(3, children.Length);
        Assert.Equal(3, children.Distinct().Count());
    }
}
