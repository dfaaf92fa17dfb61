using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Newtonsoft.Json.Linq;

namespace HaH.Orchestration.Durable.Execution;

/// <summary>
/// Replays recorded histories on the current orchestrator code through the same executor the worker
/// uses (DurableTask.Core's, over Microsoft.DurableTask's shim), to prove that a code change does
/// not break instances in flight. Checked-in ("golden") histories replayed in a test fail the build
/// when a change would make the worker reject them.
/// </summary>
/// <remarks>
/// Each step of the history is replayed the hard way — a fresh orchestrator (from
/// <paramref name="createOrchestrator"/>) replays everything before the step, then plays the step's
/// recorded inputs live — and must decide exactly the recorded events, payloads included (their
/// time stamps aside, which are the worker's).
/// </remarks>
/// <param name="name">The orchestrator's name, as the history records it.</param>
/// <param name="createOrchestrator">Makes a new orchestrator of the code to check.</param>
/// <param name="options">
/// The worker's options (its data converter); the SDK's defaults when null. Timers are replayed as
/// this backend's worker creates them, in one piece of any length, whatever the options say.
/// </param>
public sealed class OrchestrationReplayer(TaskName name, Func<ITaskOrchestrator> createOrchestrator, DurableTaskWorkerOptions? options = null)
{
    private readonly DurableTaskShimFactory _shims = new(AsTheWorkerRuns(options));

    /// <summary>Replays one generation of an instance's history, step by step.</summary>
    /// <param name="generation">The generation's events, starting with <c>OrchestratorStarted</c> and <c>ExecutionStarted</c>.</param>
    /// <returns>How many steps matched, and the first divergence if any.</returns>
    public ReplayResult Replay(IReadOnlyList<HistoryEvent> generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        if (!generation.OfType<ExecutionStartedEvent>().Any())
        {
            throw new ArgumentException("The history has no ExecutionStarted event: it is not one generation of an orchestration.", nameof(generation));
        }

        var steps = Steps(generation);
        for (var step = 0; step < steps.Count; step++)
        {
            var (start, end) = steps[step];
            var recorded = generation.Skip(start).Take(end - start).ToList();
            var execution = new OrchestrationExecution(_shims.CreateOrchestration(name, createOrchestrator()), generation.Take(start).Select(Copy));
            var result = execution.Run(recorded.Where(e => !DecisionEvents.IsDecision(e)).Select(Copy));
            var decided = result.Actions.Select(action => DecisionEvents.Of(action, DateTime.UnixEpoch)).ToList();
            if (Differ([.. recorded.Where(DecisionEvents.IsDecision)], decided) is { } difference)
            {
                var failure = decided.OfType<ExecutionCompletedEvent>().FirstOrDefault(e => e.OrchestrationStatus == OrchestrationStatus.Failed)?.FailureDetails;
                var message = failure is null ? difference.Message : $"{difference.Message} The code failed: {failure.ErrorType}: {failure.ErrorMessage}";
                return new ReplayResult(step, new ReplayDivergence(step, message, difference.Breaking, failure));
            }
        }

        return new ReplayResult(steps.Count, null);
    }

    /// <summary>The options the worker runs orchestrators with: the caller's data converter, and timers as <c>UseAzureStorage</c> sets them.</summary>
    private static DurableTaskWorkerOptions AsTheWorkerRuns(DurableTaskWorkerOptions? options)
    {
        var worker = new DurableTaskWorkerOptions { MaximumTimerInterval = Hosting.DurableTaskWorkerBuilderExtensions.MaximumTimerInterval };
        if (options is not null)
        {
            worker.DataConverter = options.DataConverter;
            worker.EnableEntitySupport = options.EnableEntitySupport;
        }

        return worker;
    }

    /// <summary>Where each step begins and ends: a step begins at every <c>OrchestratorStarted</c>.</summary>
    private static List<(int Start, int End)> Steps(IReadOnlyList<HistoryEvent> generation)
    {
        var starts = new List<int>();
        for (var i = 0; i < generation.Count; i++)
        {
            if (generation[i] is OrchestratorStartedEvent)
            {
                starts.Add(i);
            }
        }

        return [.. starts.Select((start, s) => (start, s + 1 < starts.Count ? starts[s + 1] : generation.Count))];
    }

    private static (string Message, bool Breaking)? Differ(List<HistoryEvent> recorded, List<HistoryEvent> decided)
    {
        for (var i = 0; i < Math.Max(recorded.Count, decided.Count); i++)
        {
            var expected = i < recorded.Count ? recorded[i] : null;
            var actual = i < decided.Count ? decided[i] : null;
            if (Describe(expected) != Describe(actual))
            {
                // The executor matches replayed decisions by kind, id and name, and fails an instance that differs there.
                return ($"The history records {Describe(expected)} but the code now decides {Describe(actual)}.", true);
            }

            if (Content(expected!) != Content(actual!))
            {
                return ($"The code decides {Describe(actual)} as recorded, but with other content (input, payload or time).", false);
            }
        }

        return null;
    }

    private static string Describe(HistoryEvent? e) => e switch
    {
        null => "nothing",
        TaskScheduledEvent task => $"TaskScheduled '{task.Name}' #{task.EventId}",
        SubOrchestrationInstanceCreatedEvent child => $"SubOrchestrationInstanceCreated '{child.Name}' #{child.EventId}",
        EventSentEvent sent => $"EventSent '{sent.Name}' #{sent.EventId}",
        ExecutionCompletedEvent completed when completed.EventType == EventType.ExecutionCompleted => $"ExecutionCompleted ({completed.OrchestrationStatus})",
        _ => $"{e.EventType} #{e.EventId}",
    };

    /// <summary>The event as stored, its time stamp (the worker's) aside.</summary>
    private static string Content(HistoryEvent e)
    {
        var json = JObject.Parse(HistoryEventJson.Serialize(e));
        json.Remove(nameof(HistoryEvent.Timestamp));
        json.Remove(nameof(HistoryEvent.IsPlayed));
        return json.ToString(Newtonsoft.Json.Formatting.None);
    }

    // The executor marks the events it plays: each replay gets its own copies.
    private static HistoryEvent Copy(HistoryEvent e) => HistoryEventJson.Deserialize(HistoryEventJson.Serialize(e));
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
/// <param name="Message">What the history records against what the code now decides.</param>
/// <param name="Breaking">
/// True when the code decides another kind of event, id or name: instances that have passed this
/// point would fail with DurableTask.Core's non-determinism error, so the change needs a new
/// orchestrator version. False when only content differs (an activity's input, a payload): such
/// instances replay, but from this point on the code decides differently.
/// </param>
/// <param name="Failure">The failure when the code failed the step (e.g. DurableTask.Core's non-determinism error).</param>
public sealed record ReplayDivergence(int Step, string Message, bool Breaking, FailureDetails? Failure);
