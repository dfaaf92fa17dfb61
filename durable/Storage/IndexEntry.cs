namespace HaH.Orchestration.Durable.Storage;

/// <summary>One instance as listed in the instance index (<c>{hub}Instances</c>).</summary>
internal sealed record IndexEntry(
    string InstanceId,
    int Partition,
    string Name,
    string Version,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>The index entry that matches an instance's state.</summary>
    public static IndexEntry From(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new IndexEntry(
            state.InstanceId, state.Partition, state.Name, state.Version, state.RuntimeStatus, state.CreatedAt, state.LastUpdatedAt, state.CompletedAt);
    }
}
