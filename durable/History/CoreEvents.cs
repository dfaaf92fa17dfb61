using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Storage;
using CoreParentInstance = DurableTask.Core.ParentInstance;
using ParentInstance = HaH.Orchestration.Durable.Storage.ParentInstance;

namespace HaH.Orchestration.Durable.History;

/// <summary>The DurableTask.Core events the backend itself writes, and how they map to an instance's stored state.</summary>
internal static class CoreEvents
{
    /// <summary>The first event of the instance's current generation, from its state.</summary>
    public static ExecutionStartedEvent Started(InstanceState state, DateTime at) =>
        Started(state.InstanceId, state.ExecutionId, state.Name, state.Version, state.Input, state.Generation, state.Parent, state.ScheduledStartAt, at);

    public static ExecutionStartedEvent Started(
        string instanceId, string executionId, string name, string version, string? input, int generation, ParentInstance? parent, DateTimeOffset? scheduledStart, DateTime at) =>
        new(-1, input)
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId },
            Name = name,
            Version = version,
            Generation = generation,
            ParentInstance = parent is null ? null : new CoreParentInstance
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = parent.InstanceId, ExecutionId = parent.ExecutionId },
                TaskScheduleId = parent.TaskScheduledId,
                Name = parent.Name,
                Version = parent.Version,
            },
            ScheduledStartTime = scheduledStart?.UtcDateTime,
            Timestamp = at,
        };

    /// <summary>The parent named in a start event, as the state keeps it.</summary>
    public static ParentInstance? ParentOf(ExecutionStartedEvent started) =>
        started.ParentInstance is { } parent
            ? new ParentInstance(parent.OrchestrationInstance.InstanceId, parent.OrchestrationInstance.ExecutionId, parent.TaskScheduleId, parent.Name ?? "", parent.Version ?? "")
            : null;

    /// <summary>The execution id of a start event.</summary>
    public static string ExecutionIdOf(ExecutionStartedEvent started) => started.OrchestrationInstance?.ExecutionId ?? "";

    /// <summary>DurableTask.Core's status of a finished generation in the SDK's terms.</summary>
    public static OrchestrationRuntimeStatus StatusOf(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        _ => OrchestrationRuntimeStatus.Running,
    };
}
