using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// One event waiting for an instance's next step: from the control queue (<see cref="Queued"/>
/// set; deleted once applied) or produced in memory by a due timer.
/// </summary>
/// <param name="InstanceId">The instance the event is for.</param>
/// <param name="ExecutionId">The generation it answers, or null for any.</param>
/// <param name="MessageId">A stable id: applied message ids are remembered so a redelivery is dropped.</param>
/// <param name="Event">The event to apply.</param>
/// <param name="SentAt">When it was sent (for latency metrics).</param>
/// <param name="Queued">The queue message carrying it, if any.</param>
internal sealed record WorkItem(string InstanceId, string? ExecutionId, string MessageId, HistoryEvent Event, DateTimeOffset SentAt, ReceivedMessage? Queued);
