using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Client;

/// <summary>One generation of an instance's history (a new one starts at every ContinueAsNew).</summary>
/// <param name="Generation">0 for the first generation.</param>
/// <param name="ExecutionId">The generation's execution id.</param>
/// <param name="Events">Its events in order.</param>
public sealed record OrchestrationGeneration(int Generation, string ExecutionId, IReadOnlyList<HistoryEvent> Events);

/// <summary>A durable timer that has not fired or been cancelled.</summary>
/// <param name="TimerId">The timer's event id in the instance's history.</param>
/// <param name="FireAt">When it is due.</param>
public sealed record DurableTimerInfo(int TimerId, DateTimeOffset FireAt);
