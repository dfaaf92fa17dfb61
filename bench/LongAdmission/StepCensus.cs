using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;

namespace HaH.Orchestration.Bench.LongAdmission;

/// <summary>
/// The steps of an instance's history, and those that only applied timers and decided nothing. The
/// Microsoft.DurableTask SDK cancels a timer by no longer awaiting it — DurableTask.Core keeps it
/// scheduled — so a timer raced against an event that won (a reminder, an escalation deadline) still
/// fires later and costs a step: its history events, its commit, and a replay when the instance is
/// not in memory. A step whose new events are all <see cref="TimerFiredEvent"/>s and that scheduled
/// nothing, sent nothing and did not finish is such a step (an awaited timer leads to an action).
/// </summary>
internal sealed record StepCensus(int Steps, int TimerOnlySteps)
{
    public static StepCensus Of(IEnumerable<OrchestrationGeneration> generations)
    {
        var steps = 0;
        var timerOnly = 0;
        foreach (var generation in generations)
        {
            foreach (var step in Split(generation.Events.Select(entry => entry.Event)))
            {
                steps++;
                if (step.Count > 0 && step.All(e => e is TimerFiredEvent))
                {
                    timerOnly++;
                }
            }
        }

        return new StepCensus(steps, timerOnly);
    }

    // A step begins with OrchestratorStarted; what it holds besides the bookkeeping markers.
    private static IEnumerable<List<HistoryEvent>> Split(IEnumerable<HistoryEvent> events)
    {
        List<HistoryEvent>? step = null;
        foreach (var e in events)
        {
            if (e is OrchestratorStartedEvent)
            {
                if (step is not null)
                {
                    yield return step;
                }

                step = [];
            }
            else if (step is not null && e is not OrchestratorCompletedEvent)
            {
                step.Add(e);
            }
        }

        if (step is not null)
        {
            yield return step;
        }
    }
}
