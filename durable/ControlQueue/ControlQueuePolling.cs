using HaH.Orchestration.Durable.Messaging;
namespace HaH.Orchestration.Durable.ControlQueue;

/// <summary>
/// When a partition polls its control queue next: at once after a full receive, else after the
/// back-off (<see cref="PollingBackoff"/>) — which running steps cap at <see cref="BusyInterval"/>,
/// because messages from other processes reach this one only by polling. Low latency while the
/// partition works, few requests while it idles.
/// </summary>
internal sealed class ControlQueuePolling
{
    private readonly PollingBackoff _backoff;
    private readonly TimeProvider _clock;
    private DateTimeOffset _next;
    private DateTimeOffset _checkedAt;

    public ControlQueuePolling(TimeSpan minimum, TimeSpan maximum, TimeProvider clock)
    {
        _backoff = new PollingBackoff(minimum, maximum);
        _clock = clock;
        _next = _checkedAt = clock.GetUtcNow();

        // Twice the minimum: other processes' events p99 178–253 ms in the benchmark, against
        // 270–400 ms at five times, for 0.05–0.1 more receives per visit.
        BusyInterval = TimeSpan.FromTicks(Math.Min(maximum.Ticks, minimum.Ticks * 2));
    }

    /// <summary>The longest time between polls while steps run.</summary>
    public TimeSpan BusyInterval { get; }

    /// <summary>True when a poll is due now; <paramref name="busy"/>: steps run or wait.</summary>
    public bool IsDue(bool busy)
    {
        _checkedAt = _clock.GetUtcNow();
        if (busy && _next > _checkedAt + BusyInterval)
        {
            _next = _checkedAt + BusyInterval;
        }

        return _checkedAt >= _next;
    }

    /// <summary>
    /// How soon a partition polls again after a poll a wake-up note asked for: a process rings once per
    /// <see cref="WakeUpBell.QuietPeriod"/>, so messages it sent just after its ring announce nothing and
    /// are found by this follow-up, whatever the back-off (twice the quiet period: the sends finish after they start).
    /// </summary>
    public static readonly TimeSpan AfterWakeUp = WakeUpBell.QuietPeriod * 2;

    /// <summary>
    /// A poll (due at the last <see cref="IsDue"/>) returned <paramref name="count"/> of at most
    /// <paramref name="batchSize"/> messages; <paramref name="woken"/>: something asked for it (<see cref="AfterWakeUp"/>).
    /// </summary>
    public void Polled(int count, int batchSize, bool busy, bool woken = false)
    {
        if (count > 0)
        {
            _backoff.Found();
        }
        else
        {
            _backoff.FoundNothing();
        }

        var interval = busy && _backoff.Next > BusyInterval ? BusyInterval : _backoff.Next;
        if (woken && interval > AfterWakeUp)
        {
            interval = AfterWakeUp;
        }

        _next = count == batchSize ? _checkedAt : _checkedAt + interval;
    }

    /// <summary>How long until the next poll is due (zero when it is).</summary>
    public TimeSpan UntilNext
    {
        get
        {
            var wait = _next - _clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }
}
