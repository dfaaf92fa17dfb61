using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Timers;
using ParentInstance = HaH.Orchestration.Durable.Storage.ParentInstance;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Turns what an orchestration step played and decided into what is committed: the instance's new
/// state, the history records and the outbox. DurableTask.Core's actions become DurableTask.Core's
/// history events, as its own dispatcher records them (a decision's event carries the action's id,
/// which the answer refers to), and the messages they send. Pure: no I/O, so the commit stays one write.
/// </summary>
internal sealed class StepPlan(InstanceState before, DateTimeOffset now)
{
    private readonly List<PendingTimer> _timers = [.. before.PendingTimers];

    private string? _continuedStatus;

    public InstanceState State { get; private set; } = before;

    public List<HistoryRecord> History { get; } = [];

    public List<WorkMessage> Outbox { get; } = [];

    /// <summary>True when the instance reached a final status in this step.</summary>
    public bool Finished => State.IsTerminal;

    private DateTime Now => now.UtcDateTime;

    /// <summary>
    /// Records one executed step of the current generation: the events it played (<paramref name="played"/>,
    /// with who asked for each), then the decision and completion events of <paramref name="result"/>'s
    /// actions. Returns those decision events (the execution records them as past) and the
    /// continue-as-new action, if the generation ended that way.
    /// </summary>
    public (IReadOnlyList<HistoryEvent> Decisions, OrchestrationCompleteOrchestratorAction? ContinuedAsNew) Apply(
        IReadOnlyList<(HistoryEvent Event, string? RequestedBy)> played, OrchestratorExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(played);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var (historyEvent, requestedBy) in played)
        {
            Append(historyEvent, requestedBy);
            if (historyEvent is TimerFiredEvent fired)
            {
                _timers.RemoveAll(timer => timer.TimerId == fired.TimerId);
            }
        }

        var status = State.RuntimeStatus == OrchestrationRuntimeStatus.Pending ? OrchestrationRuntimeStatus.Running : State.RuntimeStatus;
        if (played.Any(p => p.Event is ExecutionSuspendedEvent))
        {
            status = OrchestrationRuntimeStatus.Suspended;
        }

        if (played.Any(p => p.Event is ExecutionResumedEvent))
        {
            status = OrchestrationRuntimeStatus.Running;
        }

        // The code's custom status as it stands after the step: null when it cleared it (or never set
        // it). A generation started by continue-as-new shows the previous one's until it sets its own,
        // as DurableTask.Core's dispatcher does.
        State = State with { RuntimeStatus = status, CustomStatus = result.CustomStatus ?? _continuedStatus, LastUpdatedAt = now };
        _continuedStatus = null;

        var decisions = new List<HistoryEvent>();
        OrchestrationCompleteOrchestratorAction? continued = null;
        foreach (var action in result.Actions)
        {
            var decision = DecisionEvents.Of(action, Now);
            decisions.Add(decision);
            switch (action)
            {
                case ScheduleTaskOrchestratorAction task:
                    Outbox.Add(new ActivityRequest(NewMessageId(), now, State.InstanceId, State.ExecutionId, task.Id, task.Name!, task.Version, task.Input));
                    break;
                case CreateTimerOrchestratorAction timer:
                    _timers.Add(new PendingTimer(timer.Id, new DateTimeOffset(DateTime.SpecifyKind(timer.FireAt, DateTimeKind.Utc))));
                    break;
                case SendEventOrchestratorAction send:
                    Outbox.Add(new OrchestrationMessage(NewMessageId(), now, send.Instance!.InstanceId, null, new EventRaisedEvent(-1, send.EventData) { Name = send.EventName, Timestamp = Now }));
                    break;
                case CreateSubOrchestrationAction child:
                    Outbox.Add(StartChild(child));
                    break;
                case OrchestrationCompleteOrchestratorAction { OrchestrationStatus: OrchestrationStatus.ContinuedAsNew } next:
                    continued = next;
                    break;
                case OrchestrationCompleteOrchestratorAction completion:
                    Complete(completion.OrchestrationStatus, completion.Result, completion.FailureDetails);
                    break;
            }
        }

        foreach (var decision in decisions)
        {
            Append(decision, null);
        }

        State = State with { PendingTimers = [.. _timers] };
        return (decisions, continued);
    }

    /// <summary>Closes the current generation and opens the next; returns its first events.</summary>
    public IReadOnlyList<HistoryEvent> StartNextGeneration(OrchestrationCompleteOrchestratorAction next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _timers.Clear();
        _continuedStatus = State.CustomStatus;
        State = State with
        {
            Generation = State.Generation + 1,
            ExecutionId = NewMessageId(),
            Version = next.NewVersion ?? State.Version,
            Input = next.Result,
            HistoryLength = 0,
            PendingTimers = [],
        };
        HistoryEvent[] first = [new OrchestratorStartedEvent(-1) { Timestamp = Now }, CoreEvents.Started(State, Now)];
        foreach (var carried in next.CarryoverEvents)
        {
            carried.Timestamp = Now;
        }

        return [.. first, .. next.CarryoverEvents];
    }

    /// <summary>Delays the start of a pending instance: it waits on a start timer.</summary>
    public void DeferStart(DateTimeOffset startAt)
    {
        _timers.RemoveAll(timer => timer.TimerId == TimerKey.StartTimerId);
        _timers.Add(new PendingTimer(TimerKey.StartTimerId, startAt));
        State = State with { PendingTimers = [.. _timers], LastUpdatedAt = now };
    }

    /// <summary>Terminates an instance that never started: there is no orchestrator code to run.</summary>
    public void TerminateBeforeStart(ExecutionTerminatedEvent terminated, string? requestedBy)
    {
        ArgumentNullException.ThrowIfNull(terminated);
        AppendOutside((terminated, requestedBy), (new ExecutionCompletedEvent(-1, terminated.Input, OrchestrationStatus.Terminated) { Timestamp = Now }, null));
        Complete(OrchestrationStatus.Terminated, terminated.Input, null);
        State = State with { PendingTimers = [] };
    }

    /// <summary>Ends the instance outside the orchestrator (poison message, missing orchestrator).</summary>
    public void Fail(FailureDetails failure)
    {
        AppendOutside((new ExecutionCompletedEvent(-1, null, OrchestrationStatus.Failed, failure) { Timestamp = Now }, null));
        Complete(OrchestrationStatus.Failed, null, failure);
        State = State with { PendingTimers = [] };
    }

    /// <summary>Marks messages as applied so that redeliveries are dropped.</summary>
    public void Remember(IEnumerable<string> messageIds) => State = State.RememberMessages(messageIds);

    /// <summary>The outbox ids after this step: earlier undelivered ones plus the new ones.</summary>
    public void SetOutbox(IReadOnlyCollection<string> delivered) =>
        State = State with { OutboxIds = [.. State.OutboxIds.Where(id => !delivered.Contains(id)), .. Outbox.Select(m => m.MessageId)] };

    private void Append(HistoryEvent historyEvent, string? requestedBy)
    {
        History.Add(new HistoryRecord(State.Generation, State.HistoryLength, historyEvent, requestedBy));
        State = State with { HistoryLength = State.HistoryLength + 1 };
    }

    private void AppendOutside(params (HistoryEvent Event, string? RequestedBy)[] events)
    {
        Append(new OrchestratorStartedEvent(-1) { Timestamp = Now }, null);
        foreach (var (historyEvent, requestedBy) in events)
        {
            historyEvent.Timestamp = Now;
            Append(historyEvent, requestedBy);
        }

        State = State with { LastUpdatedAt = now };
    }

    private void Complete(OrchestrationStatus status, string? output, FailureDetails? failure)
    {
        _timers.Clear();
        State = State with
        {
            RuntimeStatus = CoreEvents.StatusOf(status),
            Output = output,
            Failure = failure,
            CompletedAt = now,
            LastUpdatedAt = now,
        };
        if (State.Parent is { } parent)
        {
            HistoryEvent answer = status == OrchestrationStatus.Completed
                ? new SubOrchestrationInstanceCompletedEvent(-1, parent.TaskScheduledId, output)
                : new SubOrchestrationInstanceFailedEvent(
                    -1,
                    parent.TaskScheduledId,
                    failure?.ErrorMessage ?? $"Sub-orchestration {State.InstanceId} was terminated: {output}",
                    null,
                    failure ?? new FailureDetails(nameof(OrchestrationStatus.Terminated), $"Sub-orchestration {State.InstanceId} was terminated: {output}", null, null, true));
            answer.Timestamp = Now;
            Outbox.Add(new OrchestrationMessage(NewMessageId(), now, parent.InstanceId, parent.ExecutionId, answer));
        }
    }

    private OrchestrationMessage StartChild(CreateSubOrchestrationAction child)
    {
        var parent = new ParentInstance(State.InstanceId, State.ExecutionId, child.Id, State.Name, State.Version);
        var started = CoreEvents.Started(child.InstanceId!, NewMessageId(), child.Name!, child.Version ?? "", child.Input, 0, parent, null, Now);
        return new OrchestrationMessage(NewMessageId(), now, child.InstanceId!, null, started);
    }

    private static string NewMessageId() => Guid.NewGuid().ToString("N");
}
