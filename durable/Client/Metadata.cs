using System.Collections.Immutable;
using System.Globalization;
using DurableTask.Core;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Client;

/// <summary>Builds the SDK's <see cref="OrchestrationMetadata"/> from stored rows.</summary>
internal static class Metadata
{
    public static OrchestrationMetadata From(InstanceState state, bool withInputsAndOutputs, DataConverter converter) => new(state.Name, state.InstanceId)
    {
        DataConverter = converter,
        RuntimeStatus = state.RuntimeStatus,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        SerializedInput = withInputsAndOutputs ? state.Input : null,
        SerializedOutput = withInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = state.CustomStatus,
        FailureDetails = Failure(state.Failure),
        Tags = ImmutableDictionary.CreateRange([KeyValuePair.Create(AzureStorageClientExtensions.GenerationTag, state.Generation.ToString(CultureInfo.InvariantCulture))]),
    };

    public static OrchestrationMetadata From(IndexEntry entry, DataConverter converter) => new(entry.Name, entry.InstanceId)
    {
        DataConverter = converter,
        RuntimeStatus = entry.RuntimeStatus,
        CreatedAt = entry.CreatedAt,
        LastUpdatedAt = entry.LastUpdatedAt,
    };

    /// <summary>DurableTask.Core's failure in the SDK's terms.</summary>
    public static TaskFailureDetails? Failure(FailureDetails? failure) => failure is null
        ? null
        : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, Failure(failure.InnerFailure), failure.Properties);
}
