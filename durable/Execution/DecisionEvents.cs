using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Execution;

/// <summary>
/// The history event DurableTask.Core's dispatcher records for each action an orchestration step
/// decides: the event carries the action's id, which the decision's answer refers to.
/// </summary>
public static class DecisionEvents
{
    /// <summary>The event recording <paramref name="action"/>, stamped <paramref name="at"/>.</summary>
    /// <exception cref="NotSupportedException">The action is not one this backend offers (entities, rewind).</exception>
    public static HistoryEvent Of(OrchestratorAction action, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(action);
        HistoryEvent decision = action switch
        {
            ScheduleTaskOrchestratorAction task => new TaskScheduledEvent(task.Id, task.Name!, task.Version, task.Input),
            CreateTimerOrchestratorAction timer => new TimerCreatedEvent(timer.Id, timer.FireAt),
            SendEventOrchestratorAction send => new EventSentEvent(send.Id) { InstanceId = send.Instance!.InstanceId, Name = send.EventName, Input = send.EventData },
            CreateSubOrchestrationAction child => new SubOrchestrationInstanceCreatedEvent(child.Id)
            {
                Name = child.Name,
                Version = child.Version,
                InstanceId = child.InstanceId,
                Input = child.Input,
            },
            OrchestrationCompleteOrchestratorAction { OrchestrationStatus: OrchestrationStatus.ContinuedAsNew } next => new ContinueAsNewEvent(next.Id, next.Result),
            OrchestrationCompleteOrchestratorAction completion =>
                new ExecutionCompletedEvent(completion.Id, completion.Result, completion.OrchestrationStatus, completion.FailureDetails),
            _ => throw new NotSupportedException(
                $"The orchestration decided a {action.OrchestratorActionType}, which this backend does not support (entities and rewind are not offered)."),
        };
        decision.Timestamp = at;
        return decision;
    }

    /// <summary>True for the kinds of event a step decides (rather than takes as input).</summary>
    public static bool IsDecision(HistoryEvent historyEvent) => historyEvent?.EventType is
        EventType.TaskScheduled or EventType.TimerCreated or EventType.EventSent or EventType.SubOrchestrationInstanceCreated
        or EventType.ExecutionCompleted or EventType.ContinueAsNew;
}
