namespace HaH.Orchestration.Durable.Storage;

/// <summary>A filter over the instance index; every criterion left null matches all instances.</summary>
internal sealed record InstanceQuery
{
    public const int DefaultTop = 100;

    /// <summary>Instances with any of these statuses.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? RuntimeStatus { get; init; }

    /// <summary>Created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Instance ids starting with this text (ordinal).</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Orchestrations of this name.</summary>
    public string? Name { get; init; }

    /// <summary>The most entries in one page (1–1000).</summary>
    public int Top { get; init; } = DefaultTop;

    /// <summary>Where the previous page stopped: its <see cref="IndexPage.ContinuationToken"/>.</summary>
    public string? ContinuationToken { get; init; }
}
