using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// Holds this worker's share of the task hub's partitions. Every <c>LeaseRenewInterval</c> it
/// announces itself (a heartbeat blob), renews its leases, lists the leases container once and
/// applies <see cref="PartitionBalance"/>: it takes free partitions up to its fair share and
/// hands partitions beyond it over (the processor finishes its current step, stops, and the
/// lease is released for the worker that needs it). A partition whose lease is lost, or could
/// not be renewed in time, stops at once. A processor that crashed is replaced by a new one
/// that recovers from storage. On shutdown every lease is released and the heartbeat removed.
/// </summary>
internal sealed class PartitionManager(
    PartitionLeases leases, OwnedPartitions ownedPartitions, PartitionProcessorFactory processors, AzureStorageOptions options, ILogger logger)
{
    /// <summary>Processing stops this long before the earliest moment the lease could expire.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(1);

    /// <summary>A heartbeat this much older than the lease duration belongs to a worker long gone: its blob is removed.</summary>
    private const int StaleHeartbeatLeases = 10;

    private readonly Dictionary<int, Owned> _owned = [];
    private IReadOnlyDictionary<int, DateTimeOffset> _freeSince = new Dictionary<int, DateTimeOffset>();
    private HashSet<int> _justLost = [];
    private (int Workers, int Quota) _share;

    private string WorkerId => options.WorkerId;

    private TimeSpan LeaseDuration => options.LeaseDuration;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await CycleAsync(stopping).ConfigureAwait(false);
                await Task.Delay(options.LeaseRenewInterval, TimeProvider.System, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await Task.WhenAll(_owned.Select(pair => ReleaseAsync(pair.Key, pair.Value))).ConfigureAwait(false);
            _owned.Clear();
            await RemoveHeartbeatAsync().ConfigureAwait(false);
        }
    }

    private async Task CycleAsync(CancellationToken stopping)
    {
        // Heartbeat before renewing: a worker that dies stops beating no later than it stops
        // renewing, so others never count it alive after its leases expired.
        await MembershipAsync(() => leases.HeartbeatAsync(WorkerId, stopping), stopping).ConfigureAwait(false);
        foreach (var partition in _owned.Keys.ToArray())
        {
            await CheckAsync(partition, stopping).ConfigureAwait(false);
        }

        // In parallel: one slow answer must not make the other leases late.
        var renewals = _owned.Where(pair => pair.Value.HandOver is null).Select(pair => RenewAsync(pair.Key, pair.Value, stopping)).ToList();
        foreach (var (partition, refused) in await Task.WhenAll(renewals).ConfigureAwait(false))
        {
            if (refused)
            {
                _justLost.Add(partition);
                await LoseAsync(partition, "renewal refused: the lease is another worker's or gone", release: false).ConfigureAwait(false);
            }
        }

        LeaseSnapshot? snapshot = null;
        await MembershipAsync(async () => snapshot = await leases.ReadSnapshotAsync(stopping).ConfigureAwait(false), stopping).ConfigureAwait(false);
        if (snapshot is not null)
        {
            await BalanceAsync(snapshot, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Looks after a held partition's processor: handed over, out of time, or crashed.</summary>
    private async Task CheckAsync(int partition, CancellationToken stopping)
    {
        var owned = _owned[partition];
        if (owned.HandOver is { } handOver)
        {
            if (handOver.IsCompleted)
            {
                _owned.Remove(partition);
            }

            return;
        }

        if (owned.Processor.Completion.IsCompleted && owned.Processor.LeaseExpired)
        {
            await LoseAsync(partition, "not renewed in time", release: true).ConfigureAwait(false);
            return;
        }

        if (owned.Processor.Completion.IsFaulted)
        {
            logger.PartitionCrashed(partition, owned.Processor.Completion.Exception?.GetBaseException().Message ?? "unknown");
            await StopAsync(owned).ConfigureAwait(false);
            owned.Processor = Start(partition, owned.LeaseId, owned.ValidUntil, stopping);
        }
    }

    /// <summary>Renews one lease; true when the renewal was refused (the lease is lost).</summary>
    private async Task<(int Partition, bool Refused)> RenewAsync(int partition, Owned owned, CancellationToken stopping)
    {
        var started = DateTimeOffset.UtcNow;
        try
        {
            // Worth waiting for as long as the lease may still be ours; then the processor's watchdog has stopped it.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var remaining = owned.ValidUntil - started;
            timeout.CancelAfter(remaining > options.LeaseRenewInterval ? remaining : options.LeaseRenewInterval);
            if (!await leases.RenewAsync(partition, owned.LeaseId, timeout.Token).ConfigureAwait(false))
            {
                return (partition, true);
            }

            owned.ValidUntil = started + LeaseDuration - ExpiryMargin;
            owned.Processor.ExtendLease(owned.ValidUntil);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // Not renewed, not refused: the next cycle tries again, and the processor stops by itself when the lease may have run out.
            logger.LeaseError(partition, ex.Message.Split('\n', 2)[0]);
        }

        return (partition, false);
    }

    private async Task BalanceAsync(LeaseSnapshot snapshot, CancellationToken stopping)
    {
        foreach (var partition in _justLost)
        {
            if (snapshot.Partitions.FirstOrDefault(p => p.Partition == partition)?.OwnerId is { } owner && owner != WorkerId)
            {
                logger.PartitionStolen(partition, owner);
            }
        }

        _justLost = [];
        var held = _owned.Where(pair => pair.Value.HandOver is null).Select(pair => pair.Key).ToHashSet();
        var draining = _owned.Where(pair => pair.Value.HandOver is not null).Select(pair => pair.Key).ToHashSet();
        var decision = PartitionBalance.Decide(options.PartitionCount, WorkerId, held, draining, snapshot, LeaseDuration, _freeSince);
        _freeSince = decision.FreeSince;
        if (_share != (decision.Workers, decision.Quota))
        {
            _share = (decision.Workers, decision.Quota);
            logger.WorkerShareChanged(WorkerId, decision.Workers, decision.Quota, options.PartitionCount);
        }

        foreach (var partition in held.Order().Reverse().Take(decision.Release))
        {
            var owned = _owned[partition];
            logger.PartitionHandingOver(partition, WorkerId, held.Count + draining.Count, decision.Quota, decision.Workers);
            owned.HandOver = HandOverAsync(partition, owned);
        }

        var taken = 0;
        foreach (var partition in decision.Candidates)
        {
            if (taken >= decision.Wanted && !decision.Orphans.Contains(partition))
            {
                continue;
            }

            var previous = snapshot.Partitions.FirstOrDefault(p => p.Partition == partition)?.LastOwnerId;
            if (await TryAcquireAsync(partition, previous, stopping).ConfigureAwait(false))
            {
                taken++;
            }
        }

        await ForgetDeadWorkersAsync(snapshot, stopping).ConfigureAwait(false);
    }

    private async Task<bool> TryAcquireAsync(int partition, string? previousOwner, CancellationToken stopping)
    {
        try
        {
            var started = DateTimeOffset.UtcNow;
            var leaseId = await leases.TryAcquireAsync(partition, WorkerId, LeaseDuration, stopping).ConfigureAwait(false);
            if (leaseId is null)
            {
                return false;
            }

            logger.PartitionAcquired(partition, WorkerId, previousOwner ?? "nobody");
            DurableTelemetry.PartitionChanges.Add(1, new KeyValuePair<string, object?>("change", "acquired"));
            var validUntil = started + LeaseDuration - ExpiryMargin;
            _owned[partition] = new Owned(leaseId, validUntil, Start(partition, leaseId, validUntil, stopping));
            return true;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.LeaseError(partition, ex.Message.Split('\n', 2)[0]);
            return false;
        }
    }

    /// <summary>Finishes the step in progress, stops, and releases the lease for the worker that needs it.</summary>
    private async Task HandOverAsync(int partition, Owned owned)
    {
        // Stop before the lease could expire: it is not renewed while handing over.
        var patience = owned.ValidUntil - DateTimeOffset.UtcNow - ExpiryMargin;
        ownedPartitions.Remove(owned.Processor.Partition);
        DurableTelemetry.OwnedPartitions.Add(-1);
        await owned.Processor.DrainAsync(patience > TimeSpan.Zero ? patience : TimeSpan.Zero).ConfigureAwait(false);
        await ReleaseLeaseAsync(partition, owned, "handed over to balance the workers").ConfigureAwait(false);
        DurableTelemetry.PartitionChanges.Add(1, new KeyValuePair<string, object?>("change", "handed_over"));
    }

    private PartitionProcessor Start(int partition, string leaseId, DateTimeOffset validUntil, CancellationToken stopping)
    {
        var processor = processors.Create(partition);
        ownedPartitions.Add(processor.Partition);
        DurableTelemetry.OwnedPartitions.Add(1);
        processor.ExtendLease(validUntil);
        processor.Start(stopping);
        return processor;
    }

    private async Task StopAsync(Owned owned)
    {
        ownedPartitions.Remove(owned.Processor.Partition);
        DurableTelemetry.OwnedPartitions.Add(-1);
        await owned.Processor.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops a partition whose lease is (or may be) someone else's now, at once.</summary>
    private async Task LoseAsync(int partition, string reason, bool release)
    {
        var owned = _owned[partition];
        _owned.Remove(partition);
        logger.PartitionLost(partition, reason);
        DurableTelemetry.PartitionChanges.Add(1, new KeyValuePair<string, object?>("change", "lost"));
        await StopAsync(owned).ConfigureAwait(false);
        if (release)
        {
            // If nobody took it meanwhile, free it rather than let it sit out its expiry.
            await ReleaseLeaseAsync(partition, owned, reason: null).ConfigureAwait(false);
        }
    }

    /// <summary>At shutdown: stops the partition (or finishes its hand-over) and releases the lease at once.</summary>
    private async Task ReleaseAsync(int partition, Owned owned)
    {
        if (owned.HandOver is { } handOver)
        {
            await handOver.ConfigureAwait(false);
            return;
        }

        await StopAsync(owned).ConfigureAwait(false);
        await ReleaseLeaseAsync(partition, owned, "worker stopping").ConfigureAwait(false);
        DurableTelemetry.PartitionChanges.Add(1, new KeyValuePair<string, object?>("change", "released"));
    }

    private async Task ReleaseLeaseAsync(int partition, Owned owned, string? reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await leases.ReleaseAsync(partition, owned.LeaseId, timeout.Token).ConfigureAwait(false);
            if (reason is not null)
            {
                logger.PartitionReleased(partition, reason);
            }
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // The lease expires by itself.
            logger.LeaseError(partition, ex.Message.Split('\n', 2)[0]);
        }
    }

    private async Task ForgetDeadWorkersAsync(LeaseSnapshot snapshot, CancellationToken stopping)
    {
        if (snapshot.Workers.FirstOrDefault(worker => snapshot.ReadAt - worker.BeatAt > LeaseDuration * StaleHeartbeatLeases) is { } dead)
        {
            await MembershipAsync(() => leases.RemoveHeartbeatAsync(dead.WorkerId, dead.BeatAt, stopping), stopping).ConfigureAwait(false);
        }
    }

    private async Task RemoveHeartbeatAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await MembershipAsync(() => leases.RemoveHeartbeatAsync(WorkerId, cancellationToken: timeout.Token), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Membership is an optimisation of balancing, never of correctness: a failure is logged and the cycle goes on.</summary>
    private async Task MembershipAsync(Func<Task> operation, CancellationToken stopping)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.MembershipError(WorkerId, ex.Message.Split('\n', 2)[0]);
        }
    }

    private sealed class Owned(string leaseId, DateTimeOffset validUntil, PartitionProcessor processor)
    {
        public string LeaseId { get; } = leaseId;

        /// <summary>Wall-clock time until which the lease is surely held (renewal start + duration − margin).</summary>
        public DateTimeOffset ValidUntil { get; set; } = validUntil;

        public PartitionProcessor Processor { get; set; } = processor;

        /// <summary>Set while the partition is being handed over; completes once its lease is released.</summary>
        public Task? HandOver { get; set; }
    }
}
