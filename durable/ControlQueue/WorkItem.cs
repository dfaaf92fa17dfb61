using DurableTask.Core.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.ControlQueue;

/// <summary>
/// One event waiting for an instance's next step: from the control queue (<see cref="Queued"/>
/// set; deleted once applied — also when its sender handed it over in memory), produced in
/// memory by a due timer, or handed over in memory while it is durable elsewhere (<see cref="InMemory"/>:
/// an outbox row, or an inbox row — <see cref="Inboxed"/>).
/// </summary>
/// <param name="InstanceId">The instance the event is for.</param>
/// <param name="ExecutionId">The generation it answers, or null for any.</param>
/// <param name="MessageId">A stable id: applied message ids are remembered so a redelivery is dropped.</param>
/// <param name="Event">The event to apply.</param>
/// <param name="SentAt">When it was sent (for latency metrics).</param>
/// <param name="Queued">The queue message carrying it, if any.</param>
internal sealed record WorkItem(string InstanceId, string? ExecutionId, string MessageId, HistoryEvent Event, DateTimeOffset SentAt, ReceivedMessage? Queued)
{
    /// <summary>Who asked for the event, when a client acted for a person or system.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>
    /// The message, when it was handed over in memory and is durable only as an outbox row (a start,
    /// a local activity's request): whoever cannot apply it sends it to the control queue instead.
    /// </summary>
    public OrchestrationMessage? InMemory { get; init; }

    /// <summary>
    /// True when the message is also an inbox row of its instance (<see cref="InboxRow"/>, with
    /// <see cref="InMemory"/> set): the commit that consumes it deletes the row; whoever cannot
    /// apply it sends the message to the control queue and then deletes the row.
    /// </summary>
    public bool Inboxed { get; init; }

    /// <summary>The activity request this item answers (its result's id derives from it): settled once the item is applied.</summary>
    public string? AnsweredRequestId => Event is TaskCompletedEvent or TaskFailedEvent ? ActivityRequest.RequestIdOf(MessageId) : null;

    /// <summary>True when the item is a message (remembered once applied), not a timer or a poke.</summary>
    public bool IsMessage => Queued is not null || InMemory is not null;

    /// <summary>A message written as an inbox row of its instance and handed over in memory.</summary>
    public static WorkItem InboxRow(OrchestrationMessage message) =>
        new(message.InstanceId, message.ExecutionId, message.MessageId, message.Event, message.SentAt, null)
        {
            RequestedBy = message.RequestedBy,
            InMemory = message,
            Inboxed = true,
        };

    /// <summary>A message received from, or handed over beside, the control queue.</summary>
    public static WorkItem From(OrchestrationMessage message, ReceivedMessage queued) =>
        new(message.InstanceId, message.ExecutionId, message.MessageId, message.Event, message.SentAt, queued) { RequestedBy = message.RequestedBy };
}
