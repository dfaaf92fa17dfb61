using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Client;

/// <summary>One generation of an instance's history (a new one starts at every ContinueAsNew).</summary>
/// <param name="Generation">0 for the first generation.</param>
/// <param name="ExecutionId">The generation's execution id.</param>
/// <param name="Events">Its events in order, with who asked for each.</param>
public sealed record OrchestrationGeneration(int Generation, string ExecutionId, IReadOnlyList<HistoryEntry> Events);

/// <summary>A DurableTask.Core history event, and who asked for it when a client acted for a person or system (<c>ActingAs</c>).</summary>
public sealed record HistoryEntry(HistoryEvent Event, string? RequestedBy);

/// <summary>A durable timer that has not fired yet.</summary>
/// <param name="TimerId">The id of the timer's <c>TimerCreated</c> decision.</param>
/// <param name="FireAt">When it is due.</param>
public sealed record DurableTimerInfo(int TimerId, DateTimeOffset FireAt);
