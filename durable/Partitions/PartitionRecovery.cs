using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// What a new owner does before taking a partition's messages: for every unfinished instance
/// of the partition (from the index), read its state and inbox rows, schedule its timers, deliver
/// what its last step committed but did not deliver, repair the index where it lags, and hand its
/// inbox rows to the steps. This is what
/// makes a crash at any point of the commit and delivery path harmless.
/// </summary>
internal sealed class PartitionRecovery(
    OwnedPartition partition,
    InstanceIndex index,
    InstanceStore store,
    MessageDispatch dispatch,
    PoisonMessages poison,
    WorkInFlight inFlight,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>An index row without state younger than this may be a start still being written.</summary>
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        var delivered = 0;
        var inboxed = 0;
        await foreach (var entry in index.ListPartitionAsync(partition.Partition, nonTerminalOnly: true, cancellationToken).ConfigureAwait(false))
        {
            using var tracking = inFlight.Track();
            var (stored, inbox) = await store.ReadStateAndInboxAsync(entry.InstanceId, cancellationToken).ConfigureAwait(false);
            if (stored is not { } found)
            {
                if (clock.GetUtcNow() - entry.CreatedAt > OrphanAge)
                {
                    await index.DeleteAsync(entry.InstanceId, entry.Partition, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            recovered++;
            var cached = new CachedInstance(found.State, found.ETag) { IndexedStatus = entry.RuntimeStatus };
            partition.ScheduleTimers(found.State);
            if (found.State.OutboxIds.Count > 0)
            {
                foreach (var message in await store.ReadOutboxAsync(entry.InstanceId, found.State.OutboxIds, cancellationToken).ConfigureAwait(false))
                {
                    await dispatch.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    cached.Delivered.Add(message.MessageId);
                    delivered++;
                }
            }

            if (found.State.IsTerminal && cached.Delivered.Count > 0)
            {
                var cleared = found.State with { OutboxIds = [] };
                cached.ETag = await store.WriteStateAsync(cleared, found.ETag, cancellationToken).ConfigureAwait(false);
                cached.State = cleared;
                cached.Delivered.Clear();
            }

            if (cached.IndexedStatus != found.State.RuntimeStatus)
            {
                await index.UpsertAsync(IndexEntry.From(found.State), cancellationToken).ConfigureAwait(false);
                cached.IndexedStatus = found.State.RuntimeStatus;
            }

            partition.Cache.Set(entry.InstanceId, cached);
            inboxed += await TakeInboxAsync(inbox, cancellationToken).ConfigureAwait(false);
        }

        logger.PartitionRecovered(partition.Partition, recovered, delivered, inboxed);
    }

    /// <summary>
    /// Hands the instance's inbox rows — messages sent from the partition's previous owner's
    /// process that no commit consumed — to the partition's steps, oldest first. Each recovery that
    /// finds a row counts as a delivery, so a message that crashes every step that applies it is
    /// moved aside after <see cref="Hosting.AzureStorageOptions.MaxDequeueCount"/> like a queue's.
    /// </summary>
    private async Task<int> TakeInboxAsync(IReadOnlyList<Azure.Data.Tables.TableEntity> rows, CancellationToken cancellationToken)
    {
        var messages = new List<OrchestrationMessage>();
        foreach (var row in rows)
        {
            var received = await store.ReadInboxRowAsync(row, cancellationToken).ConfigureAwait(false);
            if (await poison.TryMoveAsideAsync(received, "instance inbox", token => store.DeleteInboxRowAsync(row.PartitionKey, row.RowKey, token), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await store.CountInboxDeliveryAsync(row, cancellationToken).ConfigureAwait(false);
            messages.Add((OrchestrationMessage)received.Message!);
        }

        foreach (var message in messages.OrderBy(message => message.SentAt))
        {
            partition.Inbox.TryEnqueue(WorkItem.InboxRow(message));
        }

        return messages.Count;
    }
}
