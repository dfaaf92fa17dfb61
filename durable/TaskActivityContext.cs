namespace HaH.Orchestration.Durable;

/// <summary>What an activity knows about the call that runs it.</summary>
/// <param name="name">The activity's registered name.</param>
/// <param name="instanceId">The orchestration instance that scheduled the activity.</param>
/// <param name="taskScheduledId">The id of the scheduling decision in that instance's history.</param>
/// <param name="cancellationToken">Signalled when the host shuts down.</param>
public class TaskActivityContext(string name, string instanceId, int taskScheduledId, CancellationToken cancellationToken = default)
{
    /// <summary>The activity's registered name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The orchestration instance that scheduled the activity.</summary>
    public string InstanceId { get; } = instanceId ?? throw new ArgumentNullException(nameof(instanceId));

    /// <summary>
    /// The id (history position) of the <c>TaskScheduled</c> decision; together with
    /// <see cref="InstanceId"/> a stable idempotency key for the call (every retry attempt has its own).
    /// </summary>
    public int TaskScheduledId { get; } = taskScheduledId;

    /// <summary>Signalled when the host shuts down; the activity will run again elsewhere.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
