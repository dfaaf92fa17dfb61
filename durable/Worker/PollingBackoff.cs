namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// How long to wait before polling a queue again: short while messages keep coming, doubling
/// up to a bounded idle interval when they stop — low latency while busy, few requests while idle.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan _current = minimum;

    public TimeSpan Next => _current;

    public void Found() => _current = minimum;

    public void FoundNothing()
    {
        var doubled = TimeSpan.FromTicks(Math.Max(_current.Ticks * 2, minimum.Ticks));
        _current = doubled > maximum ? maximum : doubled;
    }
}
