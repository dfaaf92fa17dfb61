using Azure;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// What the partition owner keeps in memory about an instance between steps, so that a hot
/// instance is neither read nor replayed from storage. Always what was last committed; the
/// ETag guard makes a stale copy harmless (its commit fails and the copy is dropped).
/// </summary>
internal sealed class CachedInstance(InstanceState state, ETag? etag)
{
    public InstanceState State { get; set; } = state;

    /// <summary>The state row's ETag; null while the instance is not yet stored (a sub-orchestration's first step).</summary>
    public ETag? ETag { get; set; } = etag;

    /// <summary>A live execution that holds the whole committed history of the current generation, if any.</summary>
    public OrchestrationExecution? Execution { get; set; }

    /// <summary>Outbox messages delivered since the last commit: removed from the state by the next commit.</summary>
    public HashSet<string> Delivered { get; } = new(StringComparer.Ordinal);

    /// <summary>The status last written to the index (may be newer than the state row's record of it).</summary>
    public OrchestrationRuntimeStatus? IndexedStatus { get; set; } = state.IndexedStatus;
}
