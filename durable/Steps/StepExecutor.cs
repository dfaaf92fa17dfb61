using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Runs the orchestrator code of a step: the instance's live execution when it is hot, else a new
/// one that replays the generation's history from storage; then the step's events, and the first
/// step of each new generation it continues into. What the code decides goes into the
/// <see cref="StepPlan"/>.
/// </summary>
internal sealed class StepExecutor(OrchestrationTasks tasks, InstanceStore store)
{
    /// <summary>A step that continues as new this often without waiting for anything fails the instance: it would never end.</summary>
    private const int MaxGenerationsPerStep = 100;

    public async Task ExecuteAsync(CachedInstance cached, StepPlan plan, IReadOnlyList<(HistoryEvent Event, string? RequestedBy)> inputs, CancellationToken cancellationToken)
    {
        var state = cached.State;
        var execution = cached.Execution is { } live && live.HistoryLength == state.HistoryLength ? live : null;
        if (execution is null)
        {
            if (Orchestration(state, state.Version) is not { } orchestration)
            {
                plan.Fail(NotRegistered(state.Name, state.Version));
                return;
            }

            var past = state.HistoryLength == 0
                ? []
                : await store.ReadHistoryAsync(state.InstanceId, state.Generation, state.HistoryLength, cancellationToken).ConfigureAwait(false);
            execution = new OrchestrationExecution(orchestration, past.Select(record => record.Event));
        }

        var continued = Run(execution, plan, inputs);
        for (var generations = 0; continued is not null; generations++)
        {
            var version = continued.NewVersion ?? state.Version;
            if (generations >= MaxGenerationsPerStep || Orchestration(plan.State, version) is not { } orchestration)
            {
                plan.Fail(generations >= MaxGenerationsPerStep
                    ? new FailureDetails(FailureTypes.ContinueAsNewLoop, $"Instance {state.InstanceId} called ContinueAsNew {MaxGenerationsPerStep} times in one step without waiting for anything.", null, null, true)
                    : NotRegistered(state.Name, version));
                execution = null;
                break;
            }

            var firstEvents = plan.StartNextGeneration(continued);
            execution = new OrchestrationExecution(orchestration, []);
            continued = Run(execution, plan, [.. firstEvents.Select(e => (e, (string?)null))]);
        }

        cached.Execution = plan.Finished ? null : execution;
    }

    /// <summary>Runs one step of the generation through the executor and records it in the plan and the execution.</summary>
    private static OrchestrationCompleteOrchestratorAction? Run(
        OrchestrationExecution execution, StepPlan plan, IReadOnlyList<(HistoryEvent Event, string? RequestedBy)> played)
    {
        var result = execution.Run(played.Select(p => p.Event));
        var (decisions, continued) = plan.Apply(played, result);
        execution.Commit(decisions);
        return continued;
    }

    private TaskOrchestration? Orchestration(InstanceState state, string version) =>
        tasks.CreateOrchestration(
            state.Name,
            version,
            state.Parent is { } parent ? new Microsoft.DurableTask.ParentOrchestrationInstance(parent.Name, parent.InstanceId) : null);

    private static FailureDetails NotRegistered(string name, string version) => new(
        FailureTypes.OrchestratorNotRegistered,
        $"No orchestrator '{name}' version '{version}' is registered in this worker. Register it, and keep old versions registered (as '{OrchestrationTasks.VersionedName(name, version)}') while their instances run.",
        null,
        null,
        isNonRetriable: true);
}
