using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class TimerTests
{
    [Fact]
    public void CreateTimer_FireAt_CreatesTimerAndCompletesWhenFired()
    {
        var fireAt = ReplayDriver.StartTime.AddDays(10);
        var driver = ReplayDriver.For<string?, DateTime>(async (context, _) =>
        {
            await context.CreateTimer(fireAt.UtcDateTime, CancellationToken.None);
            return context.CurrentUtcDateTime;
        });

        var first = driver.Start();
        Assert.Equal(new CreateTimer(2, fireAt), Assert.Single(first.Actions));
        Assert.False(first.IsCompleted);

        var fired = driver.FireTimer(2);

        Assert.True(fired.IsCompleted);
        Assert.Equal(PayloadSerializer.Serialize(fireAt.UtcDateTime), fired.Completion?.Output);
    }

    [Fact]
    public void CreateTimer_TimeSpan_FiresAtCurrentTimePlusDelay()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromHours(36), CancellationToken.None);
            return "woke";
        });

        var step = driver.Start();

        Assert.Equal(new CreateTimer(2, ReplayDriver.StartTime.AddHours(36)), Assert.Single(step.Actions));
        Assert.Equal("\"woke\"", driver.FireTimer(2).Completion?.Output);
    }

    [Fact]
    public void CreateTimer_LocalDateTime_IsConvertedToUtc()
    {
        var local = new DateTime(2025, 3, 2, 9, 0, 0, DateTimeKind.Local);
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await context.CreateTimer(local, CancellationToken.None);
            return "";
        });

        var step = driver.Start();

        Assert.Equal(new DateTimeOffset(local.ToUniversalTime()), Assert.IsType<CreateTimer>(Assert.Single(step.Actions)).FireAt);
    }

    [Fact]
    public void CreateTimer_CancelledByToken_RecordsTimerCancelledAndEndsCanceled()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromDays(1), cancellation.Token);
            await context.CallActivityAsync("Work");
            cancellation.Cancel();
            try
            {
                await timer;
                return "fired";
            }
            catch (TaskCanceledException)
            {
                return "cancelled";
            }
        });
        driver.Start();

        var step = driver.CompleteTask(3, null);

        Assert.Equal(new CancelTimer(2), step.Actions[0]);
        Assert.Equal(new TimerCancelled(2) { EventId = 6, Timestamp = ReplayDriver.StartTime }, step.NewEvents[2]);
        Assert.Equal("\"cancelled\"", step.Completion?.Output);
    }

    [Fact]
    public void CreateTimer_AlreadyCancelledToken_MakesNoDecision()
    {
        var driver = ReplayDriver.For<string?, bool>(async (context, _) =>
        {
            var timer = context.CreateTimer(TimeSpan.FromDays(1), new CancellationToken(canceled: true));
            await Task.WhenAny(timer);
            return timer.IsCanceled;
        });

        var step = driver.Start();

        Assert.DoesNotContain(step.NewEvents, e => e is TimerCreated);
        Assert.Equal("true", step.Completion?.Output);
    }

    [Fact]
    public void TimerFired_ForCancelledTimer_IsIgnored()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromMinutes(1), cancellation.Token);
            cancellation.Cancel();
            Assert.True(timer.IsCanceled);
            return await context.WaitForExternalEvent<string>("go");
        });
        driver.Start();

        var late = driver.FireTimer(2);

        Assert.False(late.IsCompleted);
        Assert.Empty(late.Actions);
        Assert.Equal("\"x\"", driver.Raise("go", "x").Completion?.Output);
    }
}
