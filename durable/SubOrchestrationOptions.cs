namespace HaH.Orchestration.Durable;

/// <summary>Options of a sub-orchestration call.</summary>
public record SubOrchestrationOptions : TaskOptions
{
    /// <summary>
    /// The child's instance id. Null (the default) takes a deterministic id from
    /// <see cref="TaskOrchestrationContext.NewGuid"/>, a new one per retry attempt; an explicit id is
    /// reused by every attempt.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>The child's orchestrator version; null (the default) takes the registry's default version.</summary>
    public string? Version { get; init; }
}
