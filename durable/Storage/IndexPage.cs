namespace HaH.Orchestration.Durable.Storage;

/// <summary>One page of an index query; <see cref="ContinuationToken"/> is null on the last page.</summary>
internal sealed record IndexPage(IReadOnlyList<IndexEntry> Entries, string? ContinuationToken);
