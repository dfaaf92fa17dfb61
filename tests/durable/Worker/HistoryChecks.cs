using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Execution;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// Reading and checking stored histories of DurableTask.Core events. A decision's <c>EventId</c> is its
/// task id (the id its answer refers to); every other event has -1, so "each event once" means: each
/// decision id once, each answer once and to a recorded decision, one start and one end.
/// </summary>
internal static class HistoryChecks
{
    /// <summary>The events of the instance's only generation.</summary>
    public static async Task<IReadOnlyList<HistoryEvent>> OnlyGenerationAsync(this DurableTaskClient client, string instanceId) =>
        [.. Assert.Single(await client.GetGenerationsAsync(instanceId)).Events.Select(entry => entry.Event)];

    /// <summary>
    /// Exactly one start and one end; every decision id (activity, timer, child, sent event, the end)
    /// recorded once; every answer (an activity's or child's result, a timer firing) once, and for a
    /// decision of the history.
    /// </summary>
    public static void AssertEachEventOnce(string instanceId, IReadOnlyList<HistoryEvent> events)
    {
        var kinds = string.Join(", ", events.Select(e => $"{e.EventType}#{e.EventId}"));
        Assert.True(events.OfType<ExecutionStartedEvent>().Count() == 1, $"{instanceId}: not one ExecutionStarted: {kinds}");
        Assert.True(events.OfType<ExecutionCompletedEvent>().Count() == 1, $"{instanceId}: not one ExecutionCompleted: {kinds}");

        var decisions = events.Where(DecisionEvents.IsDecision).Select(e => e.EventId).ToList();
        Assert.True(decisions.Count == decisions.Distinct().Count(), $"{instanceId}: a decision id is recorded twice: {kinds}");
        Assert.All(events.Where(e => !DecisionEvents.IsDecision(e)), e => Assert.Equal(-1, e.EventId));

        AssertAnswersOnce<TaskScheduledEvent>(instanceId, events, [.. events.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId), .. events.OfType<TaskFailedEvent>().Select(e => e.TaskScheduledId)], kinds);
        AssertAnswersOnce<TimerCreatedEvent>(instanceId, events, [.. events.OfType<TimerFiredEvent>().Select(e => e.TimerId)], kinds);
        AssertAnswersOnce<SubOrchestrationInstanceCreatedEvent>(
            instanceId,
            events,
            [.. events.OfType<SubOrchestrationInstanceCompletedEvent>().Select(e => e.TaskScheduledId), .. events.OfType<SubOrchestrationInstanceFailedEvent>().Select(e => e.TaskScheduledId)],
            kinds);
    }

    private static void AssertAnswersOnce<TDecision>(string instanceId, IReadOnlyList<HistoryEvent> events, List<int> answered, string kinds)
        where TDecision : HistoryEvent
    {
        var decided = events.OfType<TDecision>().Select(e => e.EventId).ToHashSet();
        Assert.True(answered.Count == answered.Distinct().Count(), $"{instanceId}: a {typeof(TDecision).Name} is answered twice: {kinds}");
        Assert.True(answered.All(decided.Contains), $"{instanceId}: an answer refers to no {typeof(TDecision).Name}: {kinds}");
    }
}
