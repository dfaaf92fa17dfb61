namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// How long to wait before polling a queue again: short while messages keep coming, doubling
/// up to a bounded idle interval when they stop — low latency while busy, few requests while idle.
/// </summary>
internal sealed class PollingBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;

    public PollingBackoff(TimeSpan minimum, TimeSpan maximum)
    {
        _minimum = minimum;
        _maximum = maximum;
        Next = minimum;
    }

    public TimeSpan Next { get; private set; }

    public void Found() => Next = _minimum;

    public void FoundNothing()
    {
        var doubled = TimeSpan.FromTicks(Math.Max(Next.Ticks * 2, _minimum.Ticks));
        Next = doubled > _maximum ? _maximum : doubled;
    }
}
