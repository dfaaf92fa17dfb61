using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Replay;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Turns the results of an orchestration step into what is committed: the instance's new
/// state, the history records and the outbox. Pure: no I/O, so the commit stays one write.
/// </summary>
internal sealed class StepPlan(InstanceState before, DateTimeOffset now, DurableTaskRegistry registry)
{
    private readonly List<PendingTimer> _timers = [.. before.PendingTimers];

    public InstanceState State { get; private set; } = before;

    public List<HistoryRecord> History { get; } = [];

    public List<WorkMessage> Outbox { get; } = [];

    /// <summary>True when the instance reached a final status in this step.</summary>
    public bool Finished => State.IsTerminal;

    /// <summary>Records one executed step of the current generation; returns its continue-as-new, if any.</summary>
    public ContinueAsNew? Apply(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var historyEvent in result.NewEvents)
        {
            History.Add(new HistoryRecord(State.Generation, historyEvent));
            if (historyEvent is TimerFired fired)
            {
                _timers.RemoveAll(timer => timer.TimerId == fired.TimerId);
            }
        }

        var status = State.RuntimeStatus == OrchestrationRuntimeStatus.Pending ? OrchestrationRuntimeStatus.Running : State.RuntimeStatus;
        if (result.NewEvents.Any(e => e is ExecutionSuspended))
        {
            status = OrchestrationRuntimeStatus.Suspended;
        }

        if (result.NewEvents.Any(e => e is ExecutionResumed))
        {
            status = OrchestrationRuntimeStatus.Running;
        }

        State = State with
        {
            RuntimeStatus = status,
            HistoryLength = State.HistoryLength + result.NewEvents.Count,
            CustomStatus = result.CustomStatusChanged ? result.CustomStatus : State.CustomStatus,
            LastUpdatedAt = now,
        };

        ContinueAsNew? continued = null;
        foreach (var action in result.Actions)
        {
            switch (action)
            {
                case ScheduleActivity activity:
                    Outbox.Add(new ActivityRequest(NewMessageId(), now, State.InstanceId, State.ExecutionId, activity.TaskScheduledId, activity.Name, activity.Input));
                    break;
                case CreateTimer timer:
                    _timers.Add(new PendingTimer(timer.TimerId, timer.FireAt));
                    break;
                case CancelTimer cancel:
                    _timers.RemoveAll(t => t.TimerId == cancel.TimerId);
                    break;
                case SendEvent send:
                    var sendId = NewMessageId();
                    Outbox.Add(new OrchestrationMessage(sendId, now, send.InstanceId, null, new EventRaised(send.Name, send.Input) { MessageId = sendId, Timestamp = now }));
                    break;
                case StartSubOrchestration child:
                    Outbox.Add(StartChild(child));
                    break;
                case CompleteOrchestration completion:
                    Complete(completion);
                    break;
                case ContinueAsNew next:
                    continued = next;
                    break;
                default:
                    throw new InvalidOperationException($"The dispatcher does not know the action {action.GetType().Name}.");
            }
        }

        State = State with { PendingTimers = [.. _timers] };
        return continued;
    }

    /// <summary>Closes the current generation and opens the next; returns its first events.</summary>
    public IReadOnlyList<HistoryEvent> StartNextGeneration(ContinueAsNew next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _timers.Clear();
        var executionId = Guid.NewGuid().ToString("N");
        State = State with
        {
            Generation = State.Generation + 1,
            ExecutionId = executionId,
            Version = next.Version,
            Input = next.NewInput,
            HistoryLength = 0,
            PendingTimers = [],
        };
        var started = new ExecutionStarted(State.Name, State.Version, State.Input)
        {
            ExecutionId = executionId,
            Generation = State.Generation,
            Parent = State.Parent,
            Timestamp = now,
        };
        return [new OrchestratorStarted { Timestamp = now }, started, .. next.CarryOverEvents.Select(e => e with { Timestamp = now })];
    }

    /// <summary>Delays the start of a pending instance: it waits on a start timer.</summary>
    public void DeferStart(DateTimeOffset startAt)
    {
        _timers.RemoveAll(timer => timer.TimerId == TimerKey.StartTimerId);
        _timers.Add(new PendingTimer(TimerKey.StartTimerId, startAt));
        State = State with { PendingTimers = [.. _timers], LastUpdatedAt = now };
    }

    /// <summary>Terminates an instance that never started: there is no orchestrator code to run.</summary>
    public void TerminateBeforeStart(string? reason)
    {
        AppendOutsideEvents(new ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, PayloadSerializer.Serialize(reason), null) { Timestamp = now });
        Complete(new CompleteOrchestration(OrchestrationRuntimeStatus.Terminated, PayloadSerializer.Serialize(reason), null));
        State = State with { PendingTimers = [] };
    }

    /// <summary>Ends the instance outside the orchestrator (poison message, missing orchestrator).</summary>
    public void Fail(FailureDetails failure)
    {
        AppendOutsideEvents(new ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, failure) { Timestamp = now });
        Complete(new CompleteOrchestration(OrchestrationRuntimeStatus.Failed, null, failure));
        State = State with { PendingTimers = [] };
    }

    /// <summary>Marks messages as applied so that redeliveries are dropped.</summary>
    public void Remember(IEnumerable<string> messageIds) => State = State.RememberMessages(messageIds);

    /// <summary>The outbox ids after this step: earlier undelivered ones plus the new ones.</summary>
    public void SetOutbox(IReadOnlyCollection<string> delivered) =>
        State = State with { OutboxIds = [.. State.OutboxIds.Where(id => !delivered.Contains(id)), .. Outbox.Select(m => m.MessageId)] };

    private void AppendOutsideEvents(params HistoryEvent[] events)
    {
        HistoryEvent[] all = [new OrchestratorStarted { Timestamp = now }, .. events];
        for (var i = 0; i < all.Length; i++)
        {
            History.Add(new HistoryRecord(State.Generation, all[i] with { EventId = State.HistoryLength + i }));
        }

        State = State with { HistoryLength = State.HistoryLength + all.Length, LastUpdatedAt = now };
    }

    private void Complete(CompleteOrchestration completion)
    {
        _timers.Clear();
        State = State with
        {
            RuntimeStatus = completion.Status,
            Output = completion.Output,
            Failure = completion.Failure,
            CompletedAt = now,
            LastUpdatedAt = now,
        };
        if (State.Parent is { } parent)
        {
            HistoryEvent answer = completion.Status == OrchestrationRuntimeStatus.Completed
                ? new SubOrchestrationCompleted(parent.TaskScheduledId, completion.Output)
                : new SubOrchestrationFailed(parent.TaskScheduledId, completion.Failure
                    ?? new FailureDetails(OrchestrationRuntimeStatus.Terminated.ToString(), $"Sub-orchestration {State.InstanceId} was terminated: {completion.Output}"));
            Outbox.Add(new OrchestrationMessage(NewMessageId(), now, parent.InstanceId, parent.ExecutionId, answer with { Timestamp = now }));
        }
    }

    private OrchestrationMessage StartChild(StartSubOrchestration child)
    {
        var version = child.Version.Length > 0 ? child.Version : registry.GetDefaultVersion(child.Name) ?? "";
        var started = new ExecutionStarted(child.Name, version, child.Input)
        {
            ExecutionId = Guid.NewGuid().ToString("N"),
            Generation = 0,
            Parent = new ParentInstance(State.InstanceId, State.ExecutionId, child.TaskScheduledId),
            Timestamp = now,
        };
        return new OrchestrationMessage(NewMessageId(), now, child.InstanceId, null, started);
    }

    private static string NewMessageId() => Guid.NewGuid().ToString("N");
}
