using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Execution;

/// <summary>Activities end to end: requests delivered, results and failures recorded and handed back to the orchestration.</summary>
public sealed class ActivityTests
{
    [Fact]
    public async Task CallActivityAsync_ActivitiesCompleteOutOfOrder_ReturnsEachResultToItsCall()
    {
        var othersRecorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc<int, Reading>("Measure", async (_, bed) =>
            {
                // The first bed answers only once the others' answers are in the history.
                if (bed == 1)
                {
                    await othersRecorded.Task;
                }

                return new Reading(36 + bed, Unit.Celsius);
            })
            .AddOrchestratorFunc<int, string>("Round", async (context, beds) =>
            {
                var readings = await Task.WhenAll(Enumerable.Range(1, beds).Select(bed => context.CallActivityAsync<Reading>("Measure", bed)));
                return string.Join(",", readings.Select(r => $"{r.Value}{r.Unit}"));
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Round", 3);
        await WaitUntilAsync(async () => (await runtime.HistoryAsync(id)).OfType<TaskCompletedEvent>().Count() == 2);
        othersRecorded.SetResult();
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("37Celsius,38Celsius,39Celsius", done.ReadOutputAs<string>());
        var history = await runtime.HistoryAsync(id);
        Assert.Equal([0, 1, 2], history.OfType<TaskScheduledEvent>().Select(e => e.EventId));
        var answered = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
        Assert.Equal([0, 1, 2], answered.Order());
        Assert.True(answered.IndexOf(2) < answered.IndexOf(0), $"answered in the order {string.Join(", ", answered)}");
    }

    [Fact]
    public async Task CallActivityAsync_ActivityThrows_OrchestrationCatchesTaskFailedExceptionWithTheFailureDetails()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc("SendSms", Throwing(() => new InvalidOperationException("SMS gateway down", new TimeoutException("no answer in 30 s"))))
            .AddOrchestratorFunc<string?, TaskFailureDetails>("Notify", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync<string>("SendSms", "hello");
                    throw new InvalidOperationException("the activity did not fail");
                }
                catch (TaskFailedException error) when (error.TaskName == "SendSms")
                {
                    return error.FailureDetails;
                }
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Notify");
        var done = await runtime.WaitForCompletionAsync(id);

        var failure = done.ReadOutputAs<TaskFailureDetails>()!;
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ErrorType);
        Assert.Equal("SMS gateway down", failure.ErrorMessage);
        Assert.Contains(nameof(ActivityTests), failure.StackTrace, StringComparison.Ordinal);
        Assert.Equal(typeof(TimeoutException).FullName, failure.InnerFailure?.ErrorType);
        var stored = Assert.Single((await runtime.HistoryAsync(id)).OfType<TaskFailedEvent>()).FailureDetails;
        Assert.Equal(("SMS gateway down", "no answer in 30 s"), (stored?.ErrorMessage, stored?.InnerFailure?.ErrorMessage));
    }

    [Fact]
    public async Task CallActivityAsync_FailureNotCaught_FailsTheOrchestrationWithTheActivitysFailureInside()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddActivityFunc("SendSms", Throwing(() => new InvalidOperationException("SMS gateway down")))
            .AddOrchestratorFunc<string?, string>("Notify", (context, _) => context.CallActivityAsync<string>("SendSms", "hello")));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Notify");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(done.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, failure.ErrorType);
        Assert.Contains("SendSms", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("SMS gateway down", failure.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public async Task CallActivityAsync_ActivityNotRegistered_FailsTheCallWithActivityNotRegistered()
    {
        await using var runtime = await Runtimes.StartAsync(registry => registry
            .AddOrchestratorFunc<string?, TaskFailureDetails?>("Notify", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync("NoSuchActivity");
                    return null;
                }
                catch (TaskFailedException error)
                {
                    return error.FailureDetails;
                }
            }));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Notify");
        var done = await runtime.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var failure = done.ReadOutputAs<TaskFailureDetails>();
        Assert.Equal(FailureTypes.ActivityNotRegistered, failure?.ErrorType);
        Assert.Contains("'NoSuchActivity'", failure?.ErrorMessage, StringComparison.Ordinal);
        Assert.False(failure?.IsCausedBy<InvalidOperationException>());
    }

    private static Func<TaskActivityContext, string, string> Throwing(Func<Exception> error) => (_, _) => throw error();

    internal enum Unit
    {
        Celsius,
        Fahrenheit,
    }

    internal sealed record Reading(int Value, Unit Unit);

    /// <summary>Waits for a state of the instance that the workers reach by themselves (the clock does not move).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> reached)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await reached())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
        }
    }
}
