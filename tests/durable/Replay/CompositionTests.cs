using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class CompositionTests
{
    [Fact]
    public void WhenAll_FanOut_SchedulesAllInOneStepAndReturnsResultsInCallOrder()
    {
        var driver = ReplayDriver.For<int, int[]>(async (context, count) =>
            await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Square", i))));

        var first = driver.Start(3);
        Assert.Equal(["Square", "Square", "Square"], first.Actions.Cast<ScheduleActivity>().Select(a => a.Name));
        Assert.Equal(["1", "2", "3"], first.Actions.Cast<ScheduleActivity>().Select(a => a.Input));

        driver.CompleteTask(4, 9);
        var last = driver.Step(new TaskCompleted(3, "4"), new TaskCompleted(2, "1"));

        Assert.Equal("[1,4,9]", last.Completion?.Output);
    }

    [Fact]
    public void WhenAny_ActivityBeatsTimer_TimerIsCancelled()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var reminder = context.CreateTimer(TimeSpan.FromDays(1), cancellation.Token);
            var call = context.CallActivityAsync<string>("Call");
            if (await Task.WhenAny(call, reminder) == call)
            {
                cancellation.Cancel();
                return await call;
            }

            return "timed out";
        });
        driver.Start();

        var step = driver.CompleteTask(3, "answered");

        Assert.Equal([new CancelTimer(2), new CompleteOrchestration(OrchestrationRuntimeStatus.Completed, "\"answered\"", null)], step.Actions);
    }

    [Fact]
    public void WhenAny_TimerBeatsActivity_LateActivityResultIsIgnored()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            var call = context.CallActivityAsync<string>("Call");
            var winner = await Task.WhenAny(call, context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None));
            return winner == call ? "answered" : "timed out";
        });
        driver.Start();

        var timedOut = driver.FireTimer(3);
        var late = driver.CompleteTask(2, "answered");

        Assert.Equal("\"timed out\"", timedOut.Completion?.Output);
        Assert.True(late.IsCompleted);
        Assert.Empty(late.NewEvents);
    }

    [Fact]
    public void WhenAny_BothCompleteInOneStep_FirstDeliveredWins()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            var a = context.CallActivityAsync<string>("A");
            var b = context.CallActivityAsync<string>("B");
            return await await Task.WhenAny(a, b);
        });
        driver.Start();

        var step = driver.Step(new TaskCompleted(3, "\"b\""), new TaskCompleted(2, "\"a\""));

        Assert.Equal("\"b\"", step.Completion?.Output);
    }

    [Fact]
    public void WhenAll_EventAndActivity_CompletesWhenBothArrive()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            var consent = context.WaitForExternalEvent<bool>("Consent");
            var plan = context.CallActivityAsync<string>("Plan");
            await Task.WhenAll(consent, plan);
            return $"{consent.Result}:{plan.Result}";
        });
        driver.Start();

        var waiting = driver.CompleteTask(2, "rest");
        var done = driver.Raise("consent", true);

        Assert.False(waiting.IsCompleted);
        Assert.Equal("\"True:rest\"", done.Completion?.Output);
    }
}
