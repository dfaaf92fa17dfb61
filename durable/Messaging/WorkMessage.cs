using System.Text.Json.Serialization;
using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// A message between the parts of the runtime: to an orchestration instance (its partition's
/// control queue) or to any activity worker (the shared work-item queue). Every message has a
/// unique, stable <see cref="MessageId"/> so that a redelivery is recognised and dropped.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrchestrationMessage), "orchestration")]
[JsonDerivedType(typeof(ActivityRequest), "activity")]
internal abstract record WorkMessage(string MessageId, DateTimeOffset SentAt);

/// <summary>
/// A DurableTask.Core event for one orchestration instance: its start, an external event, an
/// activity's or a child's answer, a timer, or an operator's terminate, suspend or resume.
/// </summary>
/// <param name="MessageId">Unique, stable id of this message.</param>
/// <param name="SentAt">When the sender committed the message.</param>
/// <param name="InstanceId">The target instance.</param>
/// <param name="ExecutionId">The target generation when the event answers a decision of it; null for any.</param>
/// <param name="Event">The event to add to the instance's history.</param>
/// <param name="RequestedBy">Who asked for it, when a client acted for a person or system; recorded beside the event.</param>
internal sealed record OrchestrationMessage(string MessageId, DateTimeOffset SentAt, string InstanceId, string? ExecutionId, HistoryEvent Event, string? RequestedBy = null)
    : WorkMessage(MessageId, SentAt);

/// <summary>A request to run one activity for an orchestration's <c>TaskScheduled</c> decision.</summary>
internal sealed record ActivityRequest(
    string MessageId,
    DateTimeOffset SentAt,
    string InstanceId,
    string ExecutionId,
    int TaskScheduledId,
    string Name,
    string? Version,
    string? Input)
    : WorkMessage(MessageId, SentAt)
{
    private const string ResultSuffix = "-result";

    /// <summary>The id of the result message of the request <paramref name="requestId"/>: every run answers with the same id.</summary>
    public static string ResultIdFor(string requestId) => requestId + ResultSuffix;

    /// <summary>The request a result message answers, from its id; null when the id is not a result's.</summary>
    public static string? RequestIdOf(string resultId) =>
        resultId.EndsWith(ResultSuffix, StringComparison.Ordinal) ? resultId[..^ResultSuffix.Length] : null;
}
