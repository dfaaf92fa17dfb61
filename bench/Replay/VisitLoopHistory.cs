using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using Microsoft.DurableTask.Worker.Shims;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// Builds a <see cref="VisitLoop"/> history of about the wanted length by running it live through
/// the worker's executor, step by step, answering each activity and confirming each visit: the
/// same events a worker would store, without storage.
/// </summary>
internal static class VisitLoopHistory
{
    public const string Name = "VisitLoop";
    public const string InstanceId = "bench-replay";

    private static readonly DateTime Start = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>The orchestrator as the worker runs it: <see cref="VisitLoop"/> behind Microsoft.DurableTask's shim.</summary>
    public static TaskOrchestration Orchestration(DurableTaskShimFactory shims) => shims.CreateOrchestration(Name, new VisitLoop());

    /// <summary>A history of at least <paramref name="events"/> events, cut at a step boundary, and the next step's inputs.</summary>
    public static (IReadOnlyList<HistoryEvent> Past, IReadOnlyList<HistoryEvent> NextStep) Build(DurableTaskShimFactory shims, int events)
    {
        var execution = new OrchestrationExecution(Orchestration(shims), []);
        var history = new List<HistoryEvent>();
        var now = Start;
        HistoryEvent next = new ExecutionStartedEvent(-1, "100000")
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = InstanceId, ExecutionId = "exec-1" },
            Name = Name,
            Version = "",
            Timestamp = now,
        };
        while (true)
        {
            HistoryEvent[] inputs = [new OrchestratorStartedEvent(-1) { Timestamp = now }, next];
            if (history.Count >= events)
            {
                return (history, inputs);
            }

            var decisions = execution.Run(inputs).Actions.Select(action => DecisionEvents.Of(action, now)).ToList();
            execution.Commit(decisions);
            history.AddRange(inputs);
            history.AddRange(decisions);
            now = now.AddMinutes(1);
            next = decisions.OfType<TaskScheduledEvent>().LastOrDefault() is { } scheduled
                ? new TaskCompletedEvent(-1, scheduled.EventId, "\"sent\"") { Timestamp = now }
                : new EventRaisedEvent(-1, "\"OK\"") { Name = "VisitConfirmed", Timestamp = now };
        }
    }
}
