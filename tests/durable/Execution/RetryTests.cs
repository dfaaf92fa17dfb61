using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Tests.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>The SDK's retry policies on this backend: each attempt is its own call, the waits between them durable timers on the virtual clock.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task CallActivityAsync_RetryPolicyWithBackoff_RetriesAfterTenThenTwentySecondsUntilItSucceeds()
    {
        await using var runtime = await StartAsync(failures: 2, new RetryPolicy(5, TimeSpan.FromSeconds(10), backoffCoefficient: 2));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Sends");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal("sent on attempt 3", done.ReadOutputAs<string>());
        var history = await runtime.HistoryAsync(id);
        Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(2, history.OfType<TaskFailedEvent>().Count());
        Assert.Equal([Runtimes.Start.AddSeconds(10).UtcDateTime, Runtimes.Start.AddSeconds(30).UtcDateTime], history.OfType<TimerCreatedEvent>().Select(t => t.FireAt));
    }

    [Fact]
    public async Task CallActivityAsync_AttemptsUsedUp_FailsTheOrchestrationWithTheLastFailure()
    {
        await using var runtime = await StartAsync(failures: 10, new RetryPolicy(3, TimeSpan.FromMinutes(1)));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Sends");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromHours(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("gateway down on attempt 3", done.FailureDetails?.InnerFailure?.ErrorMessage);
        Assert.Equal(3, (await runtime.HistoryAsync(id)).OfType<TaskScheduledEvent>().Count());
    }

    [Fact]
    public async Task CallActivityAsync_PolicyDoesNotHandleTheFailure_DoesNotRetry()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { HandleFailure = failure => !failure.ErrorMessage.Contains("attempt 1", StringComparison.Ordinal) };
        await using var runtime = await StartAsync(failures: 10, policy);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Sends");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Single((await runtime.HistoryAsync(id)).OfType<TaskScheduledEvent>());
        Assert.Empty((await runtime.HistoryAsync(id)).OfType<TimerCreatedEvent>());
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_RetryPolicy_RunsTheChildAgainUnderItsIdAsANewGeneration()
    {
        var attempts = 0;
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddOrchestratorFunc<string?, int>("Flaky", (_, _) => ++attempts < 3 ? throw new InvalidOperationException($"child attempt {attempts}") : Task.FromResult(attempts))
            .AddOrchestratorFunc<string?, int>("Parent", (context, _) => context.CallSubOrchestratorAsync<int>(
                "Flaky", null, new SubOrchestrationOptions(new RetryPolicy(5, TimeSpan.FromSeconds(5))) { InstanceId = "child" })));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        await runtime.Runtime.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(3, (await runtime.HistoryAsync(id)).OfType<SubOrchestrationInstanceCreatedEvent>().Count(child => child.InstanceId == "child"));
        var generations = await runtime.Client.GetGenerationsAsync("child");
        Assert.Equal([0, 1, 2], generations.Select(g => g.Generation));
        Assert.Equal(3, generations.Select(g => g.ExecutionId).Distinct().Count());
    }

    private static Task<TestRuntime> StartAsync(int failures, RetryPolicy policy)
    {
        var attempt = 0;
        return Runtimes.StartAsync(registry => registry
            .AddActivityFunc<string?, string>("SendSms", (_, _) => ++attempt <= failures ? throw new InvalidOperationException($"gateway down on attempt {attempt}") : $"sent on attempt {attempt}")
            .AddOrchestratorFunc<string?, string>("Sends", (context, _) => context.CallActivityAsync<string>("SendSms", null, new TaskOptions(policy))));
    }
}
