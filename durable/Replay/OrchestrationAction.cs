using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>Something a step asks the dispatcher to do once the step's events are committed.</summary>
internal abstract record OrchestrationAction;

/// <summary>Send an activity request for the <see cref="TaskScheduled"/> decision <paramref name="TaskScheduledId"/>.</summary>
internal sealed record ScheduleActivity(int TaskScheduledId, string Name, string? Input) : OrchestrationAction;

/// <summary>Store a durable timer; when due, deliver <see cref="TimerFired"/>(<paramref name="TimerId"/>, <paramref name="FireAt"/>).</summary>
internal sealed record CreateTimer(int TimerId, DateTimeOffset FireAt) : OrchestrationAction;

/// <summary>Delete the pending durable timer <paramref name="TimerId"/> (a late <see cref="TimerFired"/> is ignored anyway).</summary>
internal sealed record CancelTimer(int TimerId) : OrchestrationAction;

/// <summary>Deliver <see cref="EventRaised"/> to another instance; <paramref name="EventId"/> (with the sender's instance and execution) makes a stable message id.</summary>
internal sealed record SendEvent(int EventId, string InstanceId, string Name, string? Input) : OrchestrationAction;

/// <summary>
/// Start a child instance. <paramref name="Version"/> "" means "the registry's default version".
/// When it finishes, deliver <see cref="SubOrchestrationCompleted"/> or <see cref="SubOrchestrationFailed"/>
/// with <paramref name="TaskScheduledId"/>.
/// </summary>
internal sealed record StartSubOrchestration(int TaskScheduledId, string Name, string Version, string InstanceId, string? Input) : OrchestrationAction;

/// <summary>The generation ended: <see cref="OrchestrationRuntimeStatus.Completed"/>, <see cref="OrchestrationRuntimeStatus.Failed"/> or <see cref="OrchestrationRuntimeStatus.Terminated"/>.</summary>
internal sealed record CompleteOrchestration(OrchestrationRuntimeStatus Status, string? Output, FailureDetails? Failure) : OrchestrationAction;

/// <summary>
/// The generation ended with <c>ContinueAsNew</c>: start the next generation with
/// <paramref name="NewInput"/> on <paramref name="Version"/>, and deliver
/// <paramref name="CarryOverEvents"/> (EventIds reset to -1) into it right after its <see cref="ExecutionStarted"/>.
/// </summary>
internal sealed record ContinueAsNew(string? NewInput, string Version, IReadOnlyList<EventRaised> CarryOverEvents) : OrchestrationAction;
