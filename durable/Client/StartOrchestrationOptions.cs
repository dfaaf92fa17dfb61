namespace HaH.Orchestration.Durable.Client;

/// <summary>How to start a new orchestration instance.</summary>
public sealed record StartOrchestrationOptions
{
    /// <summary>The instance id; a new GUID (32 hex digits) when null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The orchestrator version to run; the registry's default version for the name when null.</summary>
    public string? Version { get; init; }

    /// <summary>When the instance should start; now when null. Any delay works (a durable timer).</summary>
    public DateTimeOffset? StartAt { get; init; }
}
