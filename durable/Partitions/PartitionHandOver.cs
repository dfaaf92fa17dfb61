using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// What a partition processor does for the partition's next owner when it stops: leaves the
/// outboxes of its in-memory instances settled, and gives back the work it took and did not
/// process, so that the next owner neither sends duplicates nor waits for visibility time-outs.
/// </summary>
internal sealed class PartitionHandOver(InstanceStore store, MessageQueue controlQueue)
{
    /// <summary>
    /// Records, for every instance kept in memory, which of its outbox messages were delivered
    /// since its last commit — its next step's commit would have — so that the partition's next
    /// owner does not send them again (and run their activities again). Best effort: an
    /// instance changed meanwhile, or time running out, only costs the next owner a duplicate.
    /// </summary>
    public async Task SettleOutboxesAsync(InstanceCache cache, TimeSpan patience)
    {
        if (patience <= TimeSpan.Zero)
        {
            return;
        }

        using var limit = new CancellationTokenSource(patience);
        var unsettled = cache.Values().Where(cached => cached.Delivered.Count > 0 && cached.ETag is not null).ToList();
        try
        {
            await Parallel.ForEachAsync(unsettled, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = limit.Token }, async (cached, cancellationToken) =>
            {
                var settled = cached.State with
                {
                    OutboxIds = [.. cached.State.OutboxIds.Where(id => !cached.Delivered.Contains(id))],
                    IndexedStatus = cached.IndexedStatus,
                };
                try
                {
                    await store.WriteStateAsync(settled, cached.ETag!.Value, cancellationToken).ConfigureAwait(false);
                }
                catch (InstanceConflictException)
                {
                    // Changed since: its newer state decides the outbox.
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Azure.RequestFailedException or HttpRequestException)
        {
            // Out of time or storage unavailable: the next owner sends a few duplicates, which receivers drop.
        }
    }

    /// <summary>
    /// Stopped in the middle of a batch (lease lost or expired, worker stopping) or with work handed
    /// over and not taken: make the received messages not yet deleted visible again at once, and
    /// send those that only memory held (deleting their inbox rows after), so that the next owner
    /// need not wait for their visibility time-out or its recovery. Best effort: a message already deleted or re-received is skipped,
    /// and one that cannot be sent is still in its sender's outbox.
    /// </summary>
    public async Task GiveBackAsync(IReadOnlyList<WorkItem> items)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var item in items)
        {
            if (item.Queued is { } queued)
            {
                await controlQueue.TryReleaseAsync(queued, TimeSpan.Zero, limit.Token).ConfigureAwait(false);
            }
            else if (item.InMemory is not null)
            {
                try
                {
                    await InMemoryHandBack.SendToQueueAsync(item, controlQueue, store, null, limit.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
                {
                    // Still in the sender's outbox or the instance's inbox: the partition's next recovery delivers it
                    // (an inbox row whose message was sent too is then dropped as a duplicate).
                }
            }
        }
    }
}
