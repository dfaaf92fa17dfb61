using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// Builds a <see cref="VisitLoop"/> history of about the wanted length by running the replay engine
/// live, step by step, answering each activity and confirming each visit: the same events a worker
/// would store, without storage.
/// </summary>
internal static class VisitLoopHistory
{
    public const string InstanceId = "bench-replay";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A history of at least <paramref name="events"/> events, cut at a step boundary, and the next step's inputs.</summary>
    public static (IReadOnlyList<HistoryEvent> Past, IReadOnlyList<HistoryEvent> NextStep) Build(int events)
    {
        var session = new OrchestrationSession(new VisitLoop(), InstanceId);
        var history = new List<HistoryEvent>();
        var now = Start;
        var step = Execute(session, history, now, new ExecutionStarted("VisitLoop", "", "100000") { ExecutionId = "exec-1" });
        while (true)
        {
            now = now.AddMinutes(1);
            HistoryEvent next = step.NewEvents.OfType<TaskScheduled>().LastOrDefault() is { } scheduled
                ? new TaskCompleted(scheduled.EventId, "\"sent\"")
                : new EventRaised("VisitConfirmed", "\"OK\"");
            if (history.Count >= events)
            {
                return (history, [new OrchestratorStarted { Timestamp = now }, next]);
            }

            step = Execute(session, history, now, next);
        }
    }

    private static StepResult Execute(OrchestrationSession session, List<HistoryEvent> history, DateTimeOffset now, HistoryEvent input)
    {
        var result = session.Execute([], [new OrchestratorStarted { Timestamp = now }, input]);
        history.AddRange(result.NewEvents);
        return result;
    }
}
