using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class ExternalEventTests
{
    [Fact]
    public void WaitForExternalEvent_EventRaised_ReturnsItsPayload()
    {
        var driver = ReplayDriver.For<string?, int>(async (context, _) => await context.WaitForExternalEvent<int>("Approval") + 1);

        var waiting = driver.Start();
        var step = driver.Raise("Approval", 41);

        Assert.Empty(waiting.Actions);
        Assert.False(waiting.IsCompleted);
        Assert.Equal("42", step.Completion?.Output);
    }

    [Fact]
    public void WaitForExternalEvent_EventsRaisedBeforeWaiting_AreBufferedFifoPerName()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromMinutes(5), CancellationToken.None);
            var b = await context.WaitForExternalEvent<string>("b");
            var a1 = await context.WaitForExternalEvent<string>("A");
            var a2 = await context.WaitForExternalEvent<string>("a");
            return $"{b},{a1},{a2}";
        });
        driver.Start();
        driver.Raise("a", "first-a");
        driver.Raise("B", "only-b");
        driver.Raise("A", "second-a");

        var step = driver.FireTimer(2);

        Assert.Equal("\"only-b,first-a,second-a\"", step.Completion?.Output);
    }

    [Fact]
    public void WaitForExternalEvent_WithTimeoutEventWins_CancelsTheTimer()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) => await context.WaitForExternalEvent<string>("Reply", TimeSpan.FromHours(2)));

        var first = driver.Start();
        var step = driver.Raise("Reply", "yes");

        Assert.Equal(new CreateTimer(2, ReplayDriver.StartTime.AddHours(2)), Assert.Single(first.Actions));
        Assert.Equal(new CancelTimer(2), step.Actions[0]);
        Assert.Contains(step.NewEvents, e => e is TimerCancelled { TimerId: 2 });
        Assert.Equal("\"yes\"", step.Completion?.Output);
    }

    [Fact]
    public void WaitForExternalEvent_WithTimeoutTimerWins_ThrowsTimeoutExceptionAndLaterEventIsBuffered()
    {
        string? message = null;
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            try
            {
                return await context.WaitForExternalEvent<string>("Reply", TimeSpan.FromHours(2));
            }
            catch (TimeoutException error)
            {
                message = error.Message;
            }

            return "late:" + await context.WaitForExternalEvent<string>("Reply");
        });
        driver.Start();

        var timedOut = driver.FireTimer(2);
        var step = driver.Raise("Reply", "yes");

        Assert.DoesNotContain(timedOut.NewEvents, e => e is TimerCancelled);
        Assert.Contains("'Reply'", message, StringComparison.Ordinal);
        Assert.Equal("\"late:yes\"", step.Completion?.Output);
    }

    [Fact]
    public void WaitForExternalEvent_WithTimeoutUnhandled_FailsWithTimeoutException()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) => await context.WaitForExternalEvent<string>("Reply", TimeSpan.FromMinutes(1)));
        driver.Start();

        var step = driver.FireTimer(2);

        Assert.Equal(typeof(TimeoutException).FullName, step.Completion?.Failure?.ErrorType);
    }

    [Fact]
    public void WaitForExternalEvent_WithTimeoutAndBufferedEvent_ReturnsWithoutTimer()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CallActivityAsync("First");
            return await context.WaitForExternalEvent<string>("Reply", TimeSpan.FromHours(1));
        });
        driver.Start();
        driver.Raise("Reply", "early");

        var step = driver.CompleteTask(2, null);

        Assert.DoesNotContain(driver.History, e => e is TimerCreated);
        Assert.Equal("\"early\"", step.Completion?.Output);
    }

    [Fact]
    public void WaitForExternalEvent_Cancelled_EndsCanceledAndLeavesEventsBuffered()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var wait = context.WaitForExternalEvent<string>("x", cancellation.Token);
            cancellation.Cancel();
            await Task.WhenAny(wait);
            return wait.IsCanceled + ":" + await context.WaitForExternalEvent<string>("x");
        });
        driver.Start();

        var step = driver.Raise("x", "1");

        Assert.Equal("\"True:1\"", step.Completion?.Output);
    }
}
