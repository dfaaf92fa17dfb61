namespace HaH.Orchestration.Durable.Time;

/// <summary>
/// A clock that moves only when told to: for tests, demos and benchmarks that must not sleep.
/// Timers created through it (<see cref="CreateTimer"/>, and so <c>Task.Delay(…, provider)</c> and
/// <c>CancellationTokenSource(…, provider)</c>) fire, in due-time order and on the thread that
/// advances the clock, when time is advanced past their due time; while a callback runs,
/// <see cref="GetUtcNow"/> reads that timer's due time. <see cref="LocalTimeZone"/> is UTC.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly Lock _advancing = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Creates a clock that reads <paramref name="start"/> until it is advanced.</summary>
    /// <param name="start">The starting instant (kept in UTC).</param>
    public VirtualTimeProvider(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <summary>Raised after every <see cref="Advance"/> or <see cref="AdvanceTo"/>, with the new time, once due timers have fired.</summary>
    public event EventHandler<DateTimeOffset>? Advanced;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The number of timers that are scheduled to fire.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing the timers that fall due.</summary>
    /// <param name="delta">How far; zero or more.</param>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "A virtual clock only moves forward: the delta must be zero or more.");
        }

        lock (_advancing)
        {
            AdvanceTo(GetUtcNow() + delta);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="target"/>, firing the timers that fall due.</summary>
    /// <param name="target">The new time; not earlier than now.</param>
    public void AdvanceTo(DateTimeOffset target)
    {
        lock (_advancing)
        {
            var now = GetUtcNow();
            if (target < now)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, $"A virtual clock only moves forward: it reads {now:O} and cannot go back to {target:O}.");
            }

            while (NextDue(target) is { } timer)
            {
                timer.Fire();
            }

            lock (_gate)
            {
                _now = target.ToUniversalTime();
            }
        }

        Advanced?.Invoke(this, target.ToUniversalTime());
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Schedules <paramref name="timer"/> at <c>now + dueTime</c>, or unschedules it (null); fires it at once when due now.</summary>
    internal void Schedule(VirtualTimer timer, TimeSpan? dueTime)
    {
        bool dueNow;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime is not { } due)
            {
                return;
            }

            timer.DueAt = _now + due;
            timer.Sequence = _sequence++;
            _timers.Add(timer);
            dueNow = due == TimeSpan.Zero;
        }

        if (dueNow)
        {
            lock (_advancing)
            {
                while (NextDue(GetUtcNow()) is { } next)
                {
                    next.Fire();
                }
            }
        }
    }

    /// <summary>The earliest timer due at or before <paramref name="limit"/>, with the clock moved to its due time and the timer rescheduled or removed.</summary>
    private VirtualTimer? NextDue(DateTimeOffset limit)
    {
        lock (_gate)
        {
            VirtualTimer? next = null;
            foreach (var timer in _timers)
            {
                if (timer.DueAt <= limit && (next is null || timer.DueAt < next.DueAt || (timer.DueAt == next.DueAt && timer.Sequence < next.Sequence)))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return null;
            }

            if (next.DueAt > _now)
            {
                _now = next.DueAt;
            }

            _timers.Remove(next);
            if (next.Period is { } period)
            {
                next.DueAt += period;
                next.Sequence = _sequence++;
                _timers.Add(next);
            }

            return next;
        }
    }
}
