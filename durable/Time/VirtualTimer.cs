namespace HaH.Orchestration.Durable.Time;

/// <summary>A timer of a <see cref="VirtualTimeProvider"/>, with <see cref="System.Threading.Timer"/>'s semantics.</summary>
internal sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private bool _disposed;

    /// <summary>When the timer fires next (guarded by the clock).</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Orders timers due at the same instant by when they were scheduled.</summary>
    public long Sequence { get; set; }

    /// <summary>The period of a periodic timer; null for a one-shot timer.</summary>
    public TimeSpan? Period { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Check(dueTime, nameof(dueTime));
        Check(period, nameof(period));
        if (Volatile.Read(ref _disposed))
        {
            return false;
        }

        Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
        clock.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
        return true;
    }

    public void Fire() => callback(state);

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        clock.Schedule(this, null);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Check(TimeSpan value, string name)
    {
        // Unlike System.Threading.Timer there is no 49-day cap: virtual time often spans weeks.
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Use a time span of zero or more, or Timeout.InfiniteTimeSpan.");
        }
    }
}
