namespace HaH.Orchestration.Durable.Client;

/// <summary>An instance with the id already exists and has not finished.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception for an instance id and its current status.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration instance '{instanceId}' already exists and is {status}. Use another id, or wait until it has finished.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The existing instance's status.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
