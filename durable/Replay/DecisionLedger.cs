using System.Diagnostics.CodeAnalysis;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// The orchestrator's decisions and the tasks they opened. Live, a decision is recorded at once
/// (next EventId, step time, and an action for the dispatcher). During replay it waits in a queue
/// until the next recorded decision event of history is matched against it, in order.
/// </summary>
internal sealed class DecisionLedger
{
    private readonly Queue<Decision> _pending = new();
    private readonly Dictionary<int, OpenTask> _open = [];
    private List<HistoryEvent> _newEvents = [];
    private List<OrchestrationAction> _actions = [];
    private DateTimeOffset _stepTime;

    /// <summary>The EventId the next recorded decision gets.</summary>
    public int NextEventId { get; private set; }

    /// <summary>Tasks whose decision is recorded and whose outcome has not arrived.</summary>
    public int OpenCount => _open.Count;

    public IReadOnlyList<OrchestrationAction> Actions => _actions;

    /// <summary>Starts a step: decisions are appended to <paramref name="newEvents"/> from <paramref name="firstEventId"/> on.</summary>
    public void BeginStep(int firstEventId, DateTimeOffset stepTime, List<HistoryEvent> newEvents)
    {
        NextEventId = firstEventId;
        _stepTime = stepTime;
        _newEvents = newEvents;
        _actions = [];
    }

    /// <summary>Queues a decision made during replay.</summary>
    public void Enqueue(Decision decision) => _pending.Enqueue(decision);

    /// <summary>Records a live decision and returns its event.</summary>
    public HistoryEvent Record(Decision decision)
    {
        var recorded = decision.ToEvent(NextEventId++, _stepTime);
        _newEvents.Add(recorded);
        OrchestrationAction? action = recorded switch
        {
            TaskScheduled e => new ScheduleActivity(e.EventId, e.Name, e.Input),
            SubOrchestrationCreated e => new StartSubOrchestration(e.EventId, e.Name, e.Version, e.InstanceId, e.Input),
            TimerCreated e => new CreateTimer(e.EventId, e.FireAt),
            TimerCancelled e => new CancelTimer(e.TimerId),
            EventSent e => new SendEvent(e.EventId, e.InstanceId, e.Name, e.Input),
            _ => null,
        };
        if (action is not null)
        {
            _actions.Add(action);
        }

        Open(decision, recorded.EventId);
        return recorded;
    }

    /// <summary>
    /// Matches a decision event of history with the oldest unmatched decision of the code (taken
    /// out either way). False when they differ or when the code made no decision (null).
    /// </summary>
    public bool TryMatch(HistoryEvent recorded, out Decision? actual)
    {
        if (!_pending.TryDequeue(out actual) || !actual.Matches(recorded))
        {
            return false;
        }

        Open(actual, recorded.EventId);
        return true;
    }

    /// <summary>The oldest decision of the code that history has not matched yet.</summary>
    public bool TryPeekUnmatched([NotNullWhen(true)] out Decision? decision) => _pending.TryPeek(out decision);

    /// <summary>Takes the open task <paramref name="eventId"/> of the given kind; false when there is none.</summary>
    public bool TryTake(int eventId, OpenTaskKind kind, [NotNullWhen(true)] out OpenTask? task)
    {
        if (_open.TryGetValue(eventId, out task) && task.Kind == kind)
        {
            _open.Remove(eventId);
            return true;
        }

        task = null;
        return false;
    }

    /// <summary>Forgets an open task that ended without an input event (a cancelled timer).</summary>
    public void Forget(OpenTask task)
    {
        if (task.EventId >= 0)
        {
            _open.Remove(task.EventId);
        }
    }

    private void Open(Decision decision, int eventId)
    {
        if (decision.Opens is { } task)
        {
            task.EventId = eventId;

            // A timer cancelled before its decision was matched stays closed.
            if (!task.IsDone)
            {
                _open[eventId] = task;
            }
        }
    }
}
