using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Timers;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Sorts a step's waiting events into those to apply now, those to drop (duplicates, stale
/// answers, events for a finished instance) and those to hold (the instance has not started or
/// is suspended), following the instance's status as the events change it.
/// </summary>
internal sealed class StepTriage
{
    public List<WorkItem> Accepted { get; } = [];

    public List<WorkItem> Dropped { get; } = [];

    public List<WorkItem> Held { get; } = [];

    /// <summary>Set when the instance's start is delayed: it waits on a start timer.</summary>
    public DateTimeOffset? DeferredStartAt { get; private set; }

    /// <summary>True when an instance that never started is terminated: there is no code to run.</summary>
    public bool TerminatedBeforeStart { get; private set; }

    public static StepTriage Sort(InstanceState state, IReadOnlyList<WorkItem> items, DateTimeOffset now)
    {
        var triage = new StepTriage();
        var status = state.RuntimeStatus;
        var seen = new HashSet<string>(state.RecentMessageIds, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (seen.Contains(item.MessageId) || IsFinal(status) || (item.ExecutionId is not null && item.ExecutionId != state.ExecutionId))
            {
                triage.Dropped.Add(item);
                continue;
            }

            var held = triage.Held.Count;
            status = triage.Sort(state, item, status, now);

            // A held copy is not a reason to drop another copy of the same message later in the
            // step: the two may share one durable record (an inbox row found by recovery and also
            // handed over in memory), which dropping deletes while holding has not yet sent it on.
            if (triage.Held.Count == held)
            {
                seen.Add(item.MessageId);
            }
        }

        return triage;
    }

    private OrchestrationRuntimeStatus Sort(InstanceState state, WorkItem item, OrchestrationRuntimeStatus status, DateTimeOffset now)
    {
        const OrchestrationRuntimeStatus Pending = OrchestrationRuntimeStatus.Pending;
        const OrchestrationRuntimeStatus Running = OrchestrationRuntimeStatus.Running;
        const OrchestrationRuntimeStatus Suspended = OrchestrationRuntimeStatus.Suspended;
        switch (item.Event)
        {
            case ExecutionStartedEvent start when status == Pending && CoreEvents.ExecutionIdOf(start) == state.ExecutionId:
                if (start.ScheduledStartTime is { } at && at > now.UtcDateTime)
                {
                    // The state row holds everything needed to start later; the message is done.
                    DeferredStartAt = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
                    Dropped.Add(item);
                    return status;
                }

                Accepted.Add(item);
                return Running;
            case TimerFiredEvent { TimerId: TimerKey.StartTimerId } when status == Pending:
                Accepted.Add(item with { Event = CoreEvents.Started(state, now.UtcDateTime) });
                return Running;
            case ExecutionStartedEvent or TimerFiredEvent { TimerId: TimerKey.StartTimerId }:
                Dropped.Add(item);
                return status;
            case TimerFiredEvent fired:
                // Suspended: the timer stays pending in the state and is scheduled again on resume.
                (status == Running && state.PendingTimers.Any(timer => timer.TimerId == fired.TimerId) ? Accepted : Dropped).Add(item);
                return status;
            case ExecutionTerminatedEvent when status == Pending:
                TerminatedBeforeStart = true;
                Accepted.Add(item);
                return OrchestrationRuntimeStatus.Terminated;
            case ExecutionTerminatedEvent:
                Accepted.Add(item);
                return OrchestrationRuntimeStatus.Terminated;
            case ExecutionSuspendedEvent when status == Running:
                Accepted.Add(item);
                return Suspended;
            case ExecutionResumedEvent when status == Suspended:
                Accepted.Add(item);
                return Running;
            case ExecutionSuspendedEvent or ExecutionResumedEvent:
                (status == Pending ? Held : Dropped).Add(item);
                return status;
            default:
                (status == Running ? Accepted : Held).Add(item);
                return status;
        }
    }

    private static bool IsFinal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
