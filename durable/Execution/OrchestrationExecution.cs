using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Execution;

/// <summary>
/// One generation of one instance, run by DurableTask.Core's <see cref="TaskOrchestrationExecutor"/>
/// over the orchestrator as Microsoft.DurableTask's shim presents it: Microsoft's replay, not ours.
/// Created cold with the generation's stored history (replayed on the first step); kept by a hot
/// instance between steps, when it is fed only the new events.
/// </summary>
internal sealed class OrchestrationExecution
{
    private readonly OrchestrationRuntimeState _state;
    private readonly TaskOrchestration _orchestration;
    private TaskOrchestrationExecutor? _executor;

    public OrchestrationExecution(TaskOrchestration orchestration, IEnumerable<HistoryEvent> past)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        _orchestration = orchestration;
        _state = new OrchestrationRuntimeState([.. past]);
    }

    /// <summary>How many events of the generation this execution holds (its committed history, once the step is recorded).</summary>
    public int HistoryLength => _state.Events.Count;

    /// <summary>
    /// Runs one step: the past events are replayed first if this execution has not run yet, then
    /// <paramref name="newEvents"/> are played live. Returns the orchestrator's actions (what the
    /// step decides) and its custom status.
    /// </summary>
    public OrchestratorExecutionResult Run(IEnumerable<HistoryEvent> newEvents)
    {
        foreach (var historyEvent in newEvents)
        {
            _state.AddEvent(historyEvent);
        }

        try
        {
            if (_executor is { } hot)
            {
                return WithoutReplacedDecisions(hot.ExecuteNewEvents());
            }

            // Made once the generation's start is among the events: the executor takes the instance from it.
            _executor = new TaskOrchestrationExecutor(_state, _orchestration, BehaviorOnContinueAsNew.Carryover, entityParameters: null, ErrorPropagationMode.UseFailureDetails);
            return WithoutReplacedDecisions(_executor.Execute());
        }
        catch (AggregateException error) when (error.InnerException is OperationCanceledException cancelled)
        {
            // The code ended with an OperationCanceledException nobody caught (typically the SDK's
            // time-out of WaitForExternalEvent): its task is cancelled, not faulted, and the executor
            // reads its result and throws, which would crash the step every time it is retried.
            // It fails the orchestration, as any other exception of the code does.
            var failed = new OrchestrationCompleteOrchestratorAction
            {
                Id = -1,
                OrchestrationStatus = OrchestrationStatus.Failed,
                FailureDetails = new FailureDetails(cancelled),
            };
            return new OrchestratorExecutionResult { Actions = [failed], CustomStatus = _orchestration.GetStatus() };
        }
    }

    /// <summary>
    /// A replay that finds the code deciding differently from history fails the orchestration, but
    /// the executor also returns what the code decided in place of the recorded event: an activity,
    /// timer, event or child under an id the history already holds. Carried out, it would record
    /// that id twice and run the changed code's activity for an instance that has failed. The failure
    /// is the step's only decision.
    /// </summary>
    private static OrchestratorExecutionResult WithoutReplacedDecisions(OrchestratorExecutionResult result) =>
        result.Actions.OfType<OrchestrationCompleteOrchestratorAction>().FirstOrDefault(IsNonDeterminism) is { } failed
            ? new OrchestratorExecutionResult { Actions = [failed], CustomStatus = result.CustomStatus }
            : result;

    private static bool IsNonDeterminism(OrchestrationCompleteOrchestratorAction completion) =>
        completion.OrchestrationStatus == OrchestrationStatus.Failed
        && completion.FailureDetails?.ErrorType == typeof(NonDeterministicOrchestrationException).FullName;

    /// <summary>
    /// Records what the step appended to the generation besides its input — the decisions and the
    /// completion — and makes it all past: the next step feeds only what comes after.
    /// </summary>
    public void Commit(IEnumerable<HistoryEvent> decisions)
    {
        foreach (var decision in decisions)
        {
            _state.AddEvent(decision);
        }

        foreach (var historyEvent in _state.NewEvents)
        {
            _state.PastEvents.Add(historyEvent);
        }

        _state.NewEvents.Clear();
    }
}
