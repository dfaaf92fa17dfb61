namespace HaH.Orchestration.Durable.Client;

/// <summary>A filter over the instance index, one page at a time.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances with one of these statuses; all when null or empty.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances whose id starts with this text.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances of this orchestrator.</summary>
    public string? Name { get; init; }

    /// <summary>The most instances in one page. Default 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token from the previous page, or null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Also read each instance's input and output (one more read per instance).</summary>
    public bool FetchInputsAndOutputs { get; init; }
}

/// <summary>One page of a query.</summary>
/// <param name="Instances">The instances of this page.</param>
/// <param name="ContinuationToken">The token for the next page; null on the last page.</param>
public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
