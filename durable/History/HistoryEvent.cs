using System.Text.Json.Serialization;

namespace HaH.Orchestration.Durable.History;

/// <summary>
/// One immutable event in an orchestration's history. <see cref="EventId"/> is the event's
/// position in its generation's history (0, 1, 2, …); decisions (<see cref="TaskScheduled"/>,
/// <see cref="TimerCreated"/>, …) are referred to by it. Payloads are JSON text produced by the
/// runtime's serializer. The discriminator <c>kind</c> is stored with every event; see
/// <c>durable/README.md</c> for the table of kinds.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(OrchestratorStarted), "OrchestratorStarted")]
[JsonDerivedType(typeof(ExecutionStarted), "ExecutionStarted")]
[JsonDerivedType(typeof(ExecutionCompleted), "ExecutionCompleted")]
[JsonDerivedType(typeof(ExecutionTerminated), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionSuspended), "ExecutionSuspended")]
[JsonDerivedType(typeof(ExecutionResumed), "ExecutionResumed")]
[JsonDerivedType(typeof(TaskScheduled), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompleted), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailed), "TaskFailed")]
[JsonDerivedType(typeof(SubOrchestrationCreated), "SubOrchestrationCreated")]
[JsonDerivedType(typeof(SubOrchestrationCompleted), "SubOrchestrationCompleted")]
[JsonDerivedType(typeof(SubOrchestrationFailed), "SubOrchestrationFailed")]
[JsonDerivedType(typeof(TimerCreated), "TimerCreated")]
[JsonDerivedType(typeof(TimerFired), "TimerFired")]
[JsonDerivedType(typeof(TimerCancelled), "TimerCancelled")]
[JsonDerivedType(typeof(EventRaised), "EventRaised")]
[JsonDerivedType(typeof(EventSent), "EventSent")]
public abstract record HistoryEvent
{
    /// <summary>Position in the generation's history; -1 until the event is appended.</summary>
    public int EventId { get; init; } = -1;

    /// <summary>When the runtime recorded the event (from the runtime's clock).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The discriminator stored with the event, e.g. <c>TaskScheduled</c>.</summary>
    [JsonIgnore]
    public string Kind => GetType().Name;
}

/// <summary>Marks the start of one orchestration step; its timestamp is the step's <c>CurrentUtcDateTime</c>.</summary>
public sealed record OrchestratorStarted : HistoryEvent;

/// <summary>The first event of every generation: what to run and with which input.</summary>
public sealed record ExecutionStarted(string Name, string Version, string? Input) : HistoryEvent
{
    /// <summary>Unique id of this generation's execution.</summary>
    public string ExecutionId { get; init; } = "";

    /// <summary>0 for the first generation, then +1 per <c>ContinueAsNew</c>.</summary>
    public int Generation { get; init; }

    /// <summary>The parent when this instance is a sub-orchestration.</summary>
    public ParentInstance? Parent { get; init; }

    /// <summary>When the instance should start running, if later than its creation.</summary>
    public DateTimeOffset? ScheduledStartTime { get; init; }

    /// <summary>Who asked for it through a client acting for a person or system (<c>DurableTaskClient.ActingAs</c>); null otherwise.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>The last event of a generation.</summary>
public sealed record ExecutionCompleted(OrchestrationRuntimeStatus Status, string? Output, FailureDetails? Failure) : HistoryEvent;

/// <summary>An operator or client terminated the instance.</summary>
public sealed record ExecutionTerminated(string? Reason) : HistoryEvent
{
    /// <summary>The id of the message that carried the request (for de-duplication).</summary>
    public string? MessageId { get; init; }

    /// <summary>Who asked for it through a client acting for a person or system (<c>DurableTaskClient.ActingAs</c>); null otherwise.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>The instance was suspended: events wait until it is resumed.</summary>
public sealed record ExecutionSuspended(string? Reason) : HistoryEvent
{
    /// <summary>The id of the message that carried the request (for de-duplication).</summary>
    public string? MessageId { get; init; }

    /// <summary>Who asked for it through a client acting for a person or system (<c>DurableTaskClient.ActingAs</c>); null otherwise.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>The instance was resumed after a suspension.</summary>
public sealed record ExecutionResumed(string? Reason) : HistoryEvent
{
    /// <summary>The id of the message that carried the request (for de-duplication).</summary>
    public string? MessageId { get; init; }

    /// <summary>Who asked for it through a client acting for a person or system (<c>DurableTaskClient.ActingAs</c>); null otherwise.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>Decision: run an activity. Its <see cref="HistoryEvent.EventId"/> is the task id.</summary>
public sealed record TaskScheduled(string Name, string? Input) : HistoryEvent;

/// <summary>An activity finished with a result.</summary>
public sealed record TaskCompleted(int TaskScheduledId, string? Result) : HistoryEvent;

/// <summary>An activity failed (after the attempt; retries are separate scheduled tasks).</summary>
public sealed record TaskFailed(int TaskScheduledId, FailureDetails Failure) : HistoryEvent;

/// <summary>Decision: start a sub-orchestration.</summary>
public sealed record SubOrchestrationCreated(string Name, string Version, string InstanceId, string? Input) : HistoryEvent;

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationCompleted(int TaskScheduledId, string? Result) : HistoryEvent;

/// <summary>A sub-orchestration failed.</summary>
public sealed record SubOrchestrationFailed(int TaskScheduledId, FailureDetails Failure) : HistoryEvent;

/// <summary>Decision: a durable timer due at <see cref="FireAt"/>.</summary>
public sealed record TimerCreated(DateTimeOffset FireAt) : HistoryEvent;

/// <summary>A durable timer fired.</summary>
public sealed record TimerFired(int TimerId, DateTimeOffset FireAt) : HistoryEvent;

/// <summary>Decision: a pending timer was cancelled (it lost a <c>WhenAny</c>, for example).</summary>
public sealed record TimerCancelled(int TimerId) : HistoryEvent;

/// <summary>An external event reached the instance.</summary>
public sealed record EventRaised(string Name, string? Input) : HistoryEvent
{
    /// <summary>The id of the message that carried the event (for de-duplication).</summary>
    public string? MessageId { get; init; }

    /// <summary>Who asked for it through a client acting for a person or system (<c>DurableTaskClient.ActingAs</c>); null otherwise.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>Decision: send an event to another instance.</summary>
public sealed record EventSent(string InstanceId, string Name, string? Input) : HistoryEvent;

/// <summary>Identifies the parent of a sub-orchestration and the parent's task that awaits it.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskScheduledId);
