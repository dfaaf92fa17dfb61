using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// One decision of orchestrator code: the decision event it proposes, the task it opens, and for a
/// timer cancellation the timer it cancels (whose id may be known only when the decision is recorded).
/// </summary>
internal sealed class Decision(HistoryEvent proposed, OpenTask? opens = null, OpenTask? cancels = null)
{
    public HistoryEvent Proposed { get; } = proposed;

    public OpenTask? Opens { get; } = opens;

    public OpenTask? Cancels { get; } = cancels;

    /// <summary>The history event recording this decision.</summary>
    public HistoryEvent ToEvent(int eventId, DateTimeOffset timestamp) =>
        (Cancels is { } timer ? new TimerCancelled(timer.EventId) : Proposed) with { EventId = eventId, Timestamp = timestamp };

    /// <summary>True when <paramref name="recorded"/> records this decision (same kind, name, target or fire time).</summary>
    public bool Matches(HistoryEvent recorded) => (Proposed, recorded) switch
    {
        (TaskScheduled mine, TaskScheduled theirs) => mine.Name == theirs.Name,
        (SubOrchestrationCreated mine, SubOrchestrationCreated theirs) => mine.Name == theirs.Name && mine.InstanceId == theirs.InstanceId,
        (TimerCreated mine, TimerCreated theirs) => mine.FireAt == theirs.FireAt,
        (TimerCancelled, TimerCancelled theirs) => Cancels?.EventId == theirs.TimerId,
        (EventSent mine, EventSent theirs) => mine.InstanceId == theirs.InstanceId && mine.Name == theirs.Name,
        (ExecutionCompleted mine, ExecutionCompleted theirs) => mine.Status == theirs.Status,
        _ => false,
    };

    /// <summary>The decision as a reader of an error message knows it.</summary>
    public string Describe() => Proposed switch
    {
        TaskScheduled e => $"CallActivity '{e.Name}'",
        SubOrchestrationCreated e => $"CallSubOrchestrator '{e.Name}' (instance '{e.InstanceId}')",
        TimerCreated e => $"CreateTimer firing at {e.FireAt:O}",
        TimerCancelled => $"cancel the timer with EventId {Cancels?.EventId}",
        EventSent e => $"SendEvent '{e.Name}' to instance '{e.InstanceId}'",
        ExecutionCompleted e => $"finish the orchestration ({e.Status})",
        _ => Proposed.Kind,
    };

    /// <summary>A recorded decision event as a reader of an error message knows it.</summary>
    public static string Describe(HistoryEvent recorded) => recorded switch
    {
        TaskScheduled e => $"TaskScheduled '{e.Name}'",
        SubOrchestrationCreated e => $"SubOrchestrationCreated '{e.Name}' (instance '{e.InstanceId}')",
        TimerCreated e => $"TimerCreated firing at {e.FireAt:O}",
        TimerCancelled e => $"TimerCancelled of timer {e.TimerId}",
        EventSent e => $"EventSent '{e.Name}' to instance '{e.InstanceId}'",
        ExecutionCompleted e => $"ExecutionCompleted ({e.Status})",
        _ => recorded.Kind,
    } + $" (EventId {recorded.EventId})";

    /// <summary>True for the event kinds that record decisions of orchestrator code.</summary>
    public static bool IsDecisionEvent(HistoryEvent e) =>
        e is TaskScheduled or SubOrchestrationCreated or TimerCreated or TimerCancelled or EventSent or ExecutionCompleted;
}
