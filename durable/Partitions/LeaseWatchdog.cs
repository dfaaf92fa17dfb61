namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// Stops a partition's processing when its lease may have expired: a worker that cannot renew its
/// lease in time must not go on as if it owned the partition. Leases are wall-clock time, whatever
/// clock the orchestrations see.
/// </summary>
internal sealed class LeaseWatchdog : IAsyncDisposable
{
    private readonly ITimer _timer;
    private volatile bool _expired;

    public LeaseWatchdog(Action expire)
    {
        _timer = TimeProvider.System.CreateTimer(
            _ =>
            {
                _expired = true;
                expire();
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>True once the lease ran out before it was extended.</summary>
    public bool Expired => _expired;

    /// <summary>
    /// The lease is known to be held until <paramref name="validUntil"/> (wall clock, a little
    /// before the storage service would let it expire): the watchdog fires then unless extended again.
    /// </summary>
    public void Extend(DateTimeOffset validUntil)
    {
        var wait = validUntil - TimeProvider.System.GetUtcNow();
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
