using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// Sends the messages of this process — the client's, the steps' outboxes, the activities'
/// results — the cheapest way that keeps them durable: when this process owns the target
/// partition, as a row beside the target instance, handed to the owner in memory, so that it need
/// neither poll for them nor delete them; else through the queue, and
/// when another process does, with a ring of the wake-up queue (<see cref="WakeUpBell"/>), so that
/// an idle owner need not poll often.
/// </summary>
internal sealed class MessageDispatch(TaskHubStorage storage, OwnedPartitions owned, WakeUpBell bell)
{
    /// <summary>Set when an activity request is sent from here: wakes this process's activity worker.</summary>
    public AsyncSignal ActivityRequests { get; } = new();

    /// <summary>
    /// Sends a message. When this process owns the target's partition, the message is written as an
    /// inbox row in the target instance's table partition and handed to the owner in memory: one
    /// write, no receive, no polling delay, and no delete of its own — the commit that applies it
    /// deletes the row in the same transaction. Should the owner stop first, it sends the message to
    /// the control queue, or (after a crash) the partition's recovery finds the row. Otherwise the
    /// message goes to the control queue and the owner is woken: in memory when it runs here (and is
    /// stopping), through the wake-up queue when it may run elsewhere.
    /// </summary>
    public async Task SendAsync(WorkMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case ActivityRequest:
                await storage.WorkItems.SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                ActivityRequests.Set();
                break;
            case OrchestrationMessage orchestration:
                var partition = owned.PartitionOf(orchestration.InstanceId);
                var queue = storage.ControlQueue(partition);
                var owner = owned.Get(partition);
                if (owner is { Inbox.IsAccepting: true })
                {
                    await storage.Instances.WriteInboxAsync(orchestration, cancellationToken).ConfigureAwait(false);
                    var item = WorkItem.InboxRow(orchestration);
                    if (!owner.Inbox.TryEnqueue(item))
                    {
                        // The owner stopped meanwhile: the queue takes it to whoever owns the partition next.
                        await InMemoryHandBack.SendToQueueAsync(item, queue, storage.Instances, null, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }

                await queue.SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                owner?.Inbox.Wake();
                await bell.RingAsync(partition, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }
    }

    /// <summary>
    /// Delivers the start of an instance whose state and outbox a client has just committed. When
    /// this process owns the partition, the start is handed over in memory together with the
    /// committed state (no send, receive, delete or state read): it is durable as the outbox row,
    /// which recovery delivers should the owner stop first. Otherwise it is sent.
    /// </summary>
    public async Task DeliverStartAsync(OrchestrationMessage start, InstanceState state, Azure.ETag etag, CancellationToken cancellationToken)
    {
        if (owned.OwnerOf(start.InstanceId) is { Inbox.IsAccepting: true } owner)
        {
            owner.Cache.TryAdd(start.InstanceId, new CachedInstance(state, etag));
            if (owner.Inbox.TryEnqueue(new WorkItem(start.InstanceId, start.ExecutionId, start.MessageId, start.Event, start.SentAt, null) { InMemory = start, RequestedBy = start.RequestedBy }))
            {
                return;
            }
        }

        await SendAsync(start, cancellationToken).ConfigureAwait(false);
    }
}
