using HaH.Orchestration.Durable.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// Runs one generation of one orchestration instance, step by step: a pure function of history
/// and new events to new events and actions, with no storage and no I/O. A session can be kept
/// between steps (a hot instance is not replayed) or created fresh and fed the whole generation as
/// <c>past</c>; both give the same results.
/// </summary>
/// <remarks>
/// EventIds: <c>past</c> must continue the events this session has seen (0, 1, 2, … for a fresh
/// session). The step's input events get the following ids, in the order given, and the decisions
/// made during the step get the ids after those. Not thread-safe: one step at a time.
/// </remarks>
internal sealed partial class OrchestrationSession
{
    private readonly ITaskOrchestrator _orchestrator;
    private readonly ILogger _logger;
    private readonly ReplayOrchestrationContext _context;
    private int _seen;
    private Task<object?>? _root;
    private bool _started;
    private bool _engineFailed;
    private bool _finishedInHistory;
    private ExecutionCompleted? _finishedThisStep;
    private (string? Input, bool PreserveEvents)? _continueAsNew;

    /// <summary>Creates a session for one generation of <paramref name="instanceId"/>.</summary>
    public OrchestrationSession(ITaskOrchestrator orchestrator, string instanceId, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        _orchestrator = orchestrator;
        InstanceId = instanceId;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("HaH.Orchestration.Durable.Replay");
        _context = new ReplayOrchestrationContext(this, loggerFactory);
    }

    /// <summary>
    /// Raised, on whatever thread it happens, the first time work is queued to the orchestration
    /// from outside its step (the orchestrator awaited a non-durable task that completed later).
    /// The next step fails the instance with <see cref="OrchestrationErrorTypes.NonDurableAwait"/>;
    /// a dispatcher can run a step with only <see cref="OrchestratorStarted"/> to record that at once.
    /// </summary>
    public event EventHandler? ForeignContinuationDetected
    {
        add => Scheduler.ForeignContinuationDetected += value;
        remove => Scheduler.ForeignContinuationDetected -= value;
    }

    public string InstanceId { get; }

    /// <summary>The orchestrator's name from <see cref="ExecutionStarted"/> ("" before it).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The version from <see cref="ExecutionStarted"/> ("" before it).</summary>
    public string Version { get; private set; } = "";

    /// <summary>The input JSON from <see cref="ExecutionStarted"/>.</summary>
    public string? Input { get; private set; }

    /// <summary>True while the step applies <c>past</c>.</summary>
    public bool IsReplaying { get; private set; }

    /// <summary>The timestamp of the latest <see cref="OrchestratorStarted"/>.</summary>
    public DateTimeOffset CurrentUtcDateTime { get; private set; }

    /// <summary>True once the generation has ended; later steps record nothing.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>True between <see cref="ExecutionSuspended"/> and <see cref="ExecutionResumed"/>.</summary>
    public bool IsSuspended { get; private set; }

    /// <summary>The number of history events this session has seen (the next EventId).</summary>
    public int HistoryLength => _seen;

    /// <summary>EventId + 1 of the last event applied (replayed or live, never a decision): the same at the same point of every replay.</summary>
    public int AppliedHistoryLength { get; private set; }

    /// <summary>True once work was queued to the orchestration from outside its step.</summary>
    public bool HasForeignContinuation => Scheduler.ForeignContinuation is not null;

    /// <summary>The custom status (JSON) as orchestrator code last set it.</summary>
    public string? CustomStatus { get; set; }

    internal OrchestrationTaskScheduler Scheduler { get; } = new();

    internal DecisionLedger Ledger { get; } = new();

    internal ExternalEventBuffer Events { get; } = new();

    /// <summary>
    /// Runs one step. <paramref name="past"/>: history events this session has not seen (the whole
    /// generation for a fresh session, empty for a kept one), replayed. <paramref name="newEvents"/>:
    /// the step's input events, the first an <see cref="OrchestratorStarted"/> whose timestamp is the
    /// step's time, applied live.
    /// </summary>
    public StepResult Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        Validate(past, newEvents);
        if (IsCompleted)
        {
            _logger.StepAfterFinish(InstanceId, newEvents.Count);
            _seen += past.Count;
            return new StepResult([], [], CustomStatus, false, true);
        }

        var stepTime = newEvents[0].Timestamp;
        var firstInputId = _seen + past.Count;
        var appended = new List<HistoryEvent>(newEvents.Count + 4);
        for (var i = 0; i < newEvents.Count; i++)
        {
            var e = newEvents[i];
            appended.Add(e with { EventId = firstInputId + i, Timestamp = e.Timestamp == default ? stepTime : e.Timestamp });
        }

        Ledger.BeginStep(firstInputId + newEvents.Count, stepTime, appended);
        _finishedThisStep = null;
        var outerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        Scheduler.BeginStep();
        try
        {
            Replay(past);
            if (_finishedInHistory)
            {
                _logger.StepAfterFinish(InstanceId, newEvents.Count);
                return new StepResult([], [], CustomStatus, false, true);
            }

            var statusBefore = CustomStatus;
            IsReplaying = false;
            FailIfForeign();
            for (var i = 0; i < newEvents.Count; i++)
            {
                Apply(appended[i]);
            }

            FailIfBlocked();
            _seen = Ledger.NextEventId;
            return new StepResult(appended, [.. Ledger.Actions, .. CompletionActions()], CustomStatus, !string.Equals(statusBefore, CustomStatus, StringComparison.Ordinal), IsCompleted);
        }
        finally
        {
            IsReplaying = false;
            Scheduler.EndStep();
            SynchronizationContext.SetSynchronizationContext(outerContext);
        }
    }

    /// <summary>Called by the context: a decision of orchestrator code.</summary>
    internal void Decide(Decision decision)
    {
        if (IsReplaying)
        {
            Ledger.Enqueue(decision);
        }
        else
        {
            Ledger.Record(decision);
        }
    }

    /// <summary>Called by the context: end this generation with continue-as-new when the orchestrator returns.</summary>
    internal void RequestContinueAsNew(string? input, bool preserveEvents) => _continueAsNew = (input, preserveEvents);

    private void Replay(IReadOnlyList<HistoryEvent> past)
    {
        IsReplaying = true;
        foreach (var e in past)
        {
            _seen = e.EventId + 1;
            if (_engineFailed || _finishedInHistory)
            {
                continue;
            }

            if (e is OrchestratorStarted)
            {
                FailIfUnmatched(e.EventId - 1);
            }

            if (Decision.IsDecisionEvent(e))
            {
                Match(e);
            }
            else
            {
                Apply(e);
            }
        }

        if (!_engineFailed && !_finishedInHistory)
        {
            FailIfUnmatched(_seen - 1);
        }
    }

    private void Match(HistoryEvent recorded)
    {
        if (!Ledger.TryMatch(recorded, out var actual))
        {
            Fail(actual is null
                ? ReplayErrors.MissingDecision(Name, InstanceId, recorded)
                : ReplayErrors.DifferentDecision(Name, InstanceId, recorded, actual));
        }
        else if (recorded is ExecutionCompleted)
        {
            _finishedInHistory = true;
        }
    }

    private void FailIfUnmatched(int lastEventId)
    {
        if (!_engineFailed && Ledger.TryPeekUnmatched(out var extra))
        {
            Fail(ReplayErrors.UnexpectedDecision(Name, InstanceId, extra, lastEventId));
        }
    }

    private void FailIfForeign()
    {
        if (!IsCompleted && Scheduler.ForeignContinuation is { } detail)
        {
            Fail(ReplayErrors.ForeignContinuation(Name, InstanceId, detail));
        }
    }

    private void FailIfBlocked()
    {
        if (!IsCompleted && _root is { IsCompleted: false } && Ledger.OpenCount == 0 && Events.WaiterCount == 0)
        {
            Fail(ReplayErrors.Blocked(Name, InstanceId));
        }
    }

    private IEnumerable<OrchestrationAction> CompletionActions()
    {
        if (_finishedThisStep is not { } finished)
        {
            yield break;
        }

        if (finished.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            var carried = _continueAsNew?.PreserveEvents == true
                ? Events.Buffered.Select(e => e with { EventId = -1 }).ToArray()
                : [];
            yield return new ContinueAsNew(finished.Output, Version, carried);
        }
        else
        {
            yield return new CompleteOrchestration(finished.Status, finished.Output, finished.Failure);
        }
    }

    private void Validate(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        ArgumentNullException.ThrowIfNull(past);
        ArgumentNullException.ThrowIfNull(newEvents);
        for (var i = 0; i < past.Count; i++)
        {
            if (past[i].EventId != _seen + i)
            {
                throw new ArgumentException(
                    $"past[{i}] ({past[i].Kind}) has EventId {past[i].EventId}, expected {_seen + i}: past must continue, without gaps, the {_seen} events this session has seen.",
                    nameof(past));
            }
        }

        if (newEvents.Count == 0 || newEvents[0] is not OrchestratorStarted)
        {
            throw new ArgumentException("A step's new events must start with OrchestratorStarted (its timestamp is the step's time).", nameof(newEvents));
        }

        if (newEvents.FirstOrDefault(Decision.IsDecisionEvent) is { } decision)
        {
            throw new ArgumentException($"{decision.Kind} records a decision of orchestrator code; it cannot be a new input event.", nameof(newEvents));
        }
    }
}
