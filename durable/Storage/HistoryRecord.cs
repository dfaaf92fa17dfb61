using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>One history event of one generation, as stored.</summary>
internal sealed record HistoryRecord(int Generation, HistoryEvent Event);
