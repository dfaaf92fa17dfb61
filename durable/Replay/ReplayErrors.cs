using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>The failures the replay engine itself raises, with messages that say what was expected, what happened and why.</summary>
internal static class ReplayErrors
{
    private const string LikelyCause =
        "Likely cause: the orchestrator's code changed while this instance was in flight (register the changed code as a new version and keep the old version registered until its instances finish), " +
        "or the code branches on non-deterministic values (DateTime.Now, Guid.NewGuid(), random numbers, I/O) instead of context.CurrentUtcDateTime, context.NewGuid() and activities.";

    private const string DurableOnly =
        "Orchestrator code may await only tasks from the TaskOrchestrationContext (activities, sub-orchestrations, timers, external events): " +
        "use context.CreateTimer instead of Task.Delay, an activity instead of Task.Run or I/O, and do not use ConfigureAwait(false).";

    /// <summary>History recorded <paramref name="expected"/>; the code decided <paramref name="actual"/> instead.</summary>
    public static FailureDetails DifferentDecision(string name, string instanceId, HistoryEvent expected, Decision actual) =>
        NonDeterminism(name, instanceId, $"history expects {Decision.Describe(expected)} but the orchestrator's decision was {actual.Describe()}.");

    /// <summary>History recorded <paramref name="expected"/>; the code made no such decision.</summary>
    public static FailureDetails MissingDecision(string name, string instanceId, HistoryEvent expected) =>
        NonDeterminism(name, instanceId, $"history expects {Decision.Describe(expected)} but the orchestrator made no further decision (it no longer makes this one).");

    /// <summary>The code decided <paramref name="actual"/>; history holds no such decision.</summary>
    public static FailureDetails UnexpectedDecision(string name, string instanceId, Decision actual, int lastEventId) =>
        NonDeterminism(name, instanceId, $"the orchestrator's decision {actual.Describe()} is not in history (history records no further decision for the step ending at EventId {lastEventId}).");

    /// <summary>Work was queued to the orchestration from outside its step.</summary>
    public static FailureDetails ForeignContinuation(string name, string instanceId, string detail) => new(
        OrchestrationErrorTypes.NonDurableAwait,
        $"Orchestration '{name}' (instance '{instanceId}') awaited something that is not a durable task: {detail}. {DurableOnly}",
        IsNonRetriable: true);

    /// <summary>The orchestrator is blocked and waits for no durable task.</summary>
    public static FailureDetails Blocked(string name, string instanceId) => new(
        OrchestrationErrorTypes.NonDurableAwait,
        $"Orchestration '{name}' (instance '{instanceId}') awaited something that is not a durable task: at the end of the step it had not finished and waited for no activity, sub-orchestration, timer or external event, so it would never resume. {DurableOnly}",
        IsNonRetriable: true);

    /// <summary>The failure of an exception that escaped the orchestrator.</summary>
    public static FailureDetails FromException(Exception exception) => exception is TaskFailedException failed
        ? new FailureDetails(typeof(TaskFailedException).FullName!, failed.Message, failed.StackTrace, failed.FailureDetails)
        : FailureDetails.FromException(exception);

    private static FailureDetails NonDeterminism(string name, string instanceId, string what) => new(
        OrchestrationErrorTypes.NonDeterminism,
        $"Non-deterministic orchestration '{name}' (instance '{instanceId}'): {what} {LikelyCause}",
        IsNonRetriable: true);
}
