using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Client;

/// <summary>Builds <see cref="OrchestrationMetadata"/> from stored rows.</summary>
internal static class Metadata
{
    public static OrchestrationMetadata From(InstanceState state, bool withInputsAndOutputs) => new()
    {
        InstanceId = state.InstanceId,
        Name = state.Name,
        Version = state.Version,
        RuntimeStatus = state.RuntimeStatus,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        CompletedAt = state.CompletedAt,
        Generation = state.Generation,
        ExecutionId = state.ExecutionId,
        SerializedInput = withInputsAndOutputs ? state.Input : null,
        SerializedOutput = withInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = state.CustomStatus,
        FailureDetails = state.Failure,
    };

    public static OrchestrationMetadata From(IndexEntry entry) => new()
    {
        InstanceId = entry.InstanceId,
        Name = entry.Name,
        Version = entry.Version,
        RuntimeStatus = entry.RuntimeStatus,
        CreatedAt = entry.CreatedAt,
        LastUpdatedAt = entry.LastUpdatedAt,
        CompletedAt = entry.CompletedAt,
    };
}
