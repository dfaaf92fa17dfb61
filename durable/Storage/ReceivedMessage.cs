using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A message taken from a queue, invisible to other receivers until its visibility timeout ends.
/// <see cref="Message"/> is null when the body could not be read as a <see cref="WorkMessage"/>:
/// a poison candidate the caller moves aside (<see cref="PoisonStore"/>) instead of processing.
/// </summary>
/// <param name="Message">The message, or null for a body that cannot be read.</param>
/// <param name="QueueMessageId">The queue's id of this delivery.</param>
/// <param name="PopReceipt">Proves this receiver still holds the message; needed to delete or release it.</param>
/// <param name="DequeueCount">How many times the message has been received, this time included.</param>
/// <param name="InsertedOn">When the message was put on the queue.</param>
internal sealed record ReceivedMessage(WorkMessage? Message, string QueueMessageId, string PopReceipt, long DequeueCount, DateTimeOffset InsertedOn)
{
    /// <summary>The queue the message came from.</summary>
    public string QueueName { get; init; } = "";

    /// <summary>The message's JSON (resolved from its blob when it was stored in one), or the raw body when unreadable.</summary>
    public string Body { get; init; } = "";

    /// <summary>Why the body could not be read, when <see cref="Message"/> is null.</summary>
    public string? ReadError { get; init; }

    /// <summary>True when the body could not be read and the message should be moved aside.</summary>
    public bool IsPoison => Message is null;
}
