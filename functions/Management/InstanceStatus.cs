using Microsoft.DurableTask.Client;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HaH.Orchestration.Durable.Client;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// An instance as Durable Functions' HTTP API shows it (<c>GET …/instances/{id}</c>), plus what
/// this runtime adds: the generation, and history across every continue-as-new generation.
/// </summary>
internal sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonNode? Input,
    JsonNode? CustomStatus,
    JsonNode? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    int Generation)
{
    /// <summary>Every generation's events, oldest first; only with <c>showHistory=true</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonObject>? HistoryEvents { get; init; }

    public static InstanceStatus From(OrchestrationMetadata instance, bool showInput)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new InstanceStatus(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            showInput ? Json(instance.SerializedInput) : null,
            Json(instance.SerializedCustomStatus),
            instance.FailureDetails is { } failure ? JsonValue.Create(failure.ErrorMessage) : Json(instance.SerializedOutput),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.Generation());
    }

    /// <summary>Stored JSON as a node; text that is not JSON (never expected) is shown as a string rather than failing the page.</summary>
    public static JsonNode? Json(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }
}
