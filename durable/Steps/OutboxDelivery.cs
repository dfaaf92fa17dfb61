using HaH.Orchestration.Durable.Activities;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Delivers what a committed step sends: activity requests run here while this process has a
/// free slot (no queue message at all), everything else is sent at once. Delivered ids are
/// cleared from the outbox by the instance's next commit, or written now when there will be none.
/// </summary>
internal sealed class OutboxDelivery(OwnedPartition partition, InstanceStore store, MessageDispatch dispatch, ActivityRunner activities, ILogger logger)
{
    public async Task DeliverAsync(CachedInstance cached, IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        // An activity runs here when a slot is free: its request stays in the outbox (not
        // delivered) until its result is committed, so a crash before then makes recovery send it.
        // The others are sent at once, except that messages to one instance go one after the other
        // in the order decided: events the SDK carries over a continue-as-new (it sends them back to
        // the instance) or several events to one instance must arrive in that order.
        var toSend = messages
            .Where(message => message is not ActivityRequest request || cached.State.IsTerminal || !activities.TryRunLocal(request, partition, cancellationToken))
            .ToList();
        await Task.WhenAll(toSend
            .GroupBy(message => message is OrchestrationMessage toInstance ? toInstance.InstanceId : message.MessageId, StringComparer.Ordinal)
            .Select(inOrder => SendInOrderAsync(inOrder, cancellationToken))).ConfigureAwait(false);
        cached.Delivered.UnionWith(toSend.Select(message => message.MessageId));

        // The next commit clears delivered ids from the outbox, but only through the copy kept in
        // memory. A finished instance has no next commit, and one this partition does not keep
        // (no cache, or evicted) is read again with its old outbox, which every step would deliver
        // again — a start message redelivered to itself loops forever. Write the outbox once now.
        var kept = partition.Cache.Holds(cached.State.InstanceId, cached);
        if ((cached.State.IsTerminal || !kept) && cached.Delivered.Count > 0 && cached.ETag is { } etag)
        {
            var cleared = cached.State with { OutboxIds = [.. cached.State.OutboxIds.Where(id => !cached.Delivered.Contains(id))] };
            try
            {
                cached.ETag = await store.WriteStateAsync(cleared, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceConflictException ex) when (!cached.State.IsTerminal)
            {
                // Changed by someone else since our commit: its own commit decides the outbox, and a
                // redelivery of ours is recognised and dropped.
                logger.StepConflict(cached.State.InstanceId, ex.Message);
                partition.Cache.Remove(cached.State.InstanceId);
                return;
            }

            cached.State = cleared;
            cached.Delivered.Clear();
        }
    }

    private async Task SendInOrderAsync(IEnumerable<WorkMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await dispatch.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
