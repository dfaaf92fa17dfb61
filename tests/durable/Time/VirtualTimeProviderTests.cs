using HaH.Orchestration.Durable.Time;

namespace HaH.Orchestration.Durable.Tests.Time;

public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_NotAdvanced_ReadsStartInUtc()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
    }

    [Fact]
    public void Advance_MovesTimeAndElapsedTimestamps()
    {
        var clock = new VirtualTimeProvider(Start);
        var before = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromDays(10));

        Assert.Equal(Start.AddDays(10), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(10), clock.GetElapsedTime(before));
    }

    [Fact]
    public void AdvanceTo_Backwards_ThrowsClearError()
    {
        var clock = new VirtualTimeProvider(Start);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(Start.AddSeconds(-1)));

        Assert.Contains("only moves forward", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(Start, clock.GetUtcNow());
    }

    [Fact]
    public void CreateTimer_AdvancedPastDueTime_FiresOnceInDueOrderSeeingItsDueTime()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([("early", Start.AddMinutes(10)), ("late", Start.AddMinutes(30))], fired);
        Assert.Equal(Start.AddMinutes(65), clock.GetUtcNow());
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void CreateTimer_Periodic_FiresEveryPeriodUntilDisposed()
    {
        var clock = new VirtualTimeProvider(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(5, count);

        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(5, count);
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void Change_Reschedules_AndInfiniteDueTimeDisables()
    {
        var clock = new VirtualTimeProvider(Start);
        var state = new object();
        object? seen = null;
        var count = 0;
        using var timer = clock.CreateTimer(s => { seen = s; count++; }, state, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, count);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, count);
        Assert.Same(state, seen);

        timer.Change(TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, count);
        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void CreateTimer_ZeroDueTime_FiresImmediately()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = false;

        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.True(fired);
    }

    [Fact]
    public async Task TaskDelay_WithVirtualClock_CompletesOnlyWhenAdvanced()
    {
        var clock = new VirtualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromDays(30), clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromDays(1), clock);

        clock.Advance(TimeSpan.FromDays(29));
        Assert.False(delay.IsCompleted);
        Assert.True(timeout.IsCancellationRequested);

        clock.Advance(TimeSpan.FromDays(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Advanced_IsRaisedWithTheNewTimeAfterTimersFired()
    {
        var clock = new VirtualTimeProvider(Start);
        var log = new List<string>();
        using var timer = clock.CreateTimer(_ => log.Add("timer"), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        clock.Advanced += (_, now) => log.Add($"advanced {now:HH:mm}");

        clock.AdvanceTo(Start.AddMinutes(2));

        Assert.Equal(["timer", "advanced 08:02"], log);
    }

    [Fact]
    public void CreateTimer_CallbackCreatesTimerDueWithinSameAdvance_FiresItToo()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        ITimer? second = null;
        using var first = clock.CreateTimer(
            _ => second = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromMinutes(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([Start.AddMinutes(2)], fired);
        second?.Dispose();
    }
}
