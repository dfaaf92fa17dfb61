using System.Text.Json;

namespace HaH.Orchestration.Durable.Client;

/// <summary>What the client knows about one orchestration instance.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>The orchestrator version the instance runs on.</summary>
    public required string Version { get; init; }

    /// <summary>The lifecycle status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the instance last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When the instance finished, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The current generation (0, then +1 per ContinueAsNew).</summary>
    public int Generation { get; init; }

    /// <summary>The current generation's execution id.</summary>
    public string ExecutionId { get; init; } = "";

    /// <summary>The input as JSON (only when asked for inputs and outputs).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output as JSON (only when asked for inputs and outputs).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed, when it did.</summary>
    public FailureDetails? FailureDetails { get; init; }

    /// <summary>True while the instance has not finished (Pending, Running or Suspended).</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    /// <summary>True once the instance finished (Completed, Failed or Terminated).</summary>
    public bool IsCompleted => !IsRunning;

    /// <summary>The input read as <typeparamref name="T"/>.</summary>
    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    /// <summary>The output read as <typeparamref name="T"/>.</summary>
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    /// <summary>The custom status read as <typeparamref name="T"/>.</summary>
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web);
}
