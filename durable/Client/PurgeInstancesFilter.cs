namespace HaH.Orchestration.Durable.Client;

/// <summary>Which finished instances to purge at once.</summary>
public sealed record PurgeInstancesFilter
{
    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only these statuses; every finished status (Completed, Failed, Terminated) when null.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }
}
