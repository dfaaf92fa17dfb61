using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// One history event of one generation, as stored: its place in the generation (<paramref name="Sequence"/>,
/// 0, 1, 2, …, which is not DurableTask.Core's <c>EventId</c>: that one numbers decisions only), the
/// DurableTask.Core event, and who asked for it when a person or system acting through the client did.
/// </summary>
internal sealed record HistoryRecord(int Generation, int Sequence, HistoryEvent Event, string? RequestedBy = null);
