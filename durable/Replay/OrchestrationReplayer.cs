using HaH.Orchestration.Durable.History;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// Replays recorded histories on the current orchestrator code, as a worker would, to prove that
/// a code change does not break instances in flight. Checked-in ("golden") histories replayed in a
/// test fail the build when a change would make the runtime reject them.
/// </summary>
/// <remarks>
/// Each step of the history is replayed the hard way — a fresh orchestrator replays everything
/// before the step, then runs the step's recorded inputs live — and must decide exactly the
/// recorded events, payloads included. The orchestrator is resolved from
/// <paramref name="registry"/> by the name and version recorded in the history, as the worker
/// resolves it; it is created with <paramref name="services"/> (an empty provider when null).
/// </remarks>
public sealed class OrchestrationReplayer(DurableTaskRegistry registry, IServiceProvider? services = null)
{
    private readonly IServiceProvider _services = services ?? new ServiceCollection().BuildServiceProvider();

    /// <summary>Replays one generation of an instance's history, step by step.</summary>
    /// <param name="instanceId">The instance the history was recorded for (ids derived by the code depend on it).</param>
    /// <param name="generation">The generation's events, starting with <see cref="OrchestratorStarted"/> and <see cref="ExecutionStarted"/>.</param>
    /// <returns>How many steps matched, and the first divergence if any.</returns>
    public ReplayResult Replay(string instanceId, IReadOnlyList<HistoryEvent> generation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(generation);
        var started = generation.OfType<ExecutionStarted>().FirstOrDefault()
            ?? throw new ArgumentException("The history has no ExecutionStarted event: it is not one generation of an orchestration.", nameof(generation));

        var steps = Steps(generation);
        for (var step = 0; step < steps.Count; step++)
        {
            if (!registry.TryGetOrchestrator(started.Name, started.Version, _services, out var orchestrator))
            {
                return new ReplayResult(step, new ReplayDivergence(step, $"No orchestrator '{started.Name}' version '{started.Version}' is registered; the history needs it.", Breaking: true, null));
            }

            var (start, end) = steps[step];
            var recorded = generation.Skip(start).Take(end - start).ToList();
            var session = new OrchestrationSession(orchestrator, instanceId);
            var result = session.Execute([.. generation.Take(start)], [.. recorded.Where(e => !Decision.IsDecisionEvent(e))]);

            if (Differ(recorded, result) is { } difference)
            {
                return new ReplayResult(step, new ReplayDivergence(step, difference.Message, difference.Breaking, result.Completion?.Failure));
            }
        }

        return new ReplayResult(steps.Count, null);
    }

    /// <summary>Where each step begins and ends: a step begins at every <see cref="OrchestratorStarted"/>.</summary>
    private static List<(int Start, int End)> Steps(IReadOnlyList<HistoryEvent> generation)
    {
        var starts = new List<int>();
        for (var i = 0; i < generation.Count; i++)
        {
            if (generation[i] is OrchestratorStarted)
            {
                starts.Add(i);
            }
        }

        return [.. starts.Select((start, s) => (start, s + 1 < starts.Count ? starts[s + 1] : generation.Count))];
    }

    private static (string Message, bool Breaking)? Differ(List<HistoryEvent> recorded, StepResult result)
    {
        if (result.Completion?.Failure is { ErrorType: OrchestrationErrorTypes.NonDeterminism } failure
            && !recorded.OfType<ExecutionCompleted>().Any(e => e.Status == OrchestrationRuntimeStatus.Failed))
        {
            return (failure.ErrorMessage, true);
        }

        var decided = result.NewEvents;
        for (var i = 0; i < Math.Max(recorded.Count, decided.Count); i++)
        {
            var expected = i < recorded.Count ? recorded[i] : null;
            var actual = i < decided.Count ? decided[i] : null;
            if (expected != actual)
            {
                var at = expected?.EventId ?? actual!.EventId;
                // The runtime matches replayed decisions by kind, name, target and fire time — what Describe shows — not by payload.
                return Describe(expected) == Describe(actual)
                    ? ($"At EventId {at} the code produces {Describe(actual)} as recorded, but with other content (input, payload or time).", false)
                    : ($"At EventId {at} the history records {Describe(expected)} but the code now produces {Describe(actual)}.", true);
            }
        }

        return null;
    }

    private static string Describe(HistoryEvent? e) => e is null ? "nothing" : Decision.Describe(e);
}

/// <summary>The outcome of <see cref="OrchestrationReplayer.Replay"/>.</summary>
/// <param name="StepsMatched">How many steps replayed to exactly the recorded events.</param>
/// <param name="Divergence">The first step that did not; null when all did.</param>
public sealed record ReplayResult(int StepsMatched, ReplayDivergence? Divergence)
{
    /// <summary>True when every step reproduced the recorded events.</summary>
    public bool Succeeded => Divergence is null;
}

/// <summary>Where a replay left the recorded history, and why.</summary>
/// <param name="Step">The step (0 = the first) whose events differ.</param>
/// <param name="Message">What the history records against what the code now does.</param>
/// <param name="Breaking">
/// True when the code decides another kind of event, another name, target or fire time: instances
/// that have passed this point would fail with a non-determinism error, so the change needs a new
/// orchestrator version. False when only content differs (an activity's input, a payload): the
/// runtime replays such instances, but from this point on the code decides differently.
/// </param>
/// <param name="Failure">The runtime's failure when the code failed the step (e.g. a non-determinism error).</param>
public sealed record ReplayDivergence(int Step, string Message, bool Breaking, FailureDetails? Failure);
