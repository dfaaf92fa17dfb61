using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// Sends the messages of this process — the client's, the steps' outboxes, the activities'
/// results — the cheapest way that keeps them durable: through the queue, and when this process
/// owns the target partition, handed to it in memory as well, so that it need not poll for them;
/// when another process does, with a ring of the wake-up queue (<see cref="WakeUpBell"/>), so that
/// an idle owner need not poll often.
/// </summary>
internal sealed class MessageDispatch(TaskHubStorage storage, OwnedPartitions owned, WakeUpBell bell, TimeSpan messageVisibilityTimeout)
{
    /// <summary>Set when an activity request is sent from here: wakes this process's activity worker.</summary>
    public AsyncSignal ActivityRequests { get; } = new();

    /// <summary>
    /// Sends a message to its queue. When this process owns the target's partition, the message is
    /// sent hidden and handed to the owner in memory (it deletes it after its commit, with the send's
    /// receipt): no receive, no polling delay; should the owner stop first, the message is given back
    /// or reappears after the visibility time-out. Otherwise the owner is woken: in memory when it
    /// runs here (and is stopping), through the wake-up queue when it may run elsewhere.
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
                    var hidden = await queue.SendHiddenAsync(message, messageVisibilityTimeout, cancellationToken).ConfigureAwait(false);
                    if (!owner.Inbox.TryEnqueue(WorkItem.From(orchestration, hidden)))
                    {
                        await queue.TryReleaseAsync(hidden, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
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
