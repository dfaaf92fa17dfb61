using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable;

/// <summary>
/// The runtime's log messages with stable event ids: 1xx worker and partitions, 2xx steps,
/// 3xx activities (the 20xx ids of the replay engine the project had before Microsoft.DurableTask are retired). Instance ids are logged; payloads never are.
/// </summary>
internal static partial class Logs
{
    /// <summary>The one log category of the backend, as its telemetry has one source: filter on it to see or silence all of it.</summary>
    public const string Category = "HaH.Orchestration.Durable";

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Durable worker {WorkerId} started on task hub {TaskHub} with {PartitionCount} partitions")]
    public static partial void WorkerStarted(this ILogger logger, string workerId, string taskHub, int partitionCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Partition {Partition} acquired by {WorkerId} (last held by {PreviousOwner})")]
    public static partial void PartitionAcquired(this ILogger logger, int partition, string workerId, string previousOwner);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Partition {Partition} lease lost ({Reason}): processing stopped, cached instances dropped")]
    public static partial void PartitionLost(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Partition {Partition} released: {Reason}")]
    public static partial void PartitionReleased(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Partition {Partition} processing crashed ({Reason}); restarting it from storage")]
    public static partial void PartitionCrashed(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Partition {Partition} recovered: {Instances} unfinished instances, {Delivered} undelivered messages sent, {Inboxed} inbox messages to apply")]
    public static partial void PartitionRecovered(this ILogger logger, int partition, int instances, int delivered, int inboxed);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Partition {Partition} lease operation failed: {Reason}")]
    public static partial void LeaseError(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Storage for task hub {TaskHub} is not reachable yet ({Reason}); retrying")]
    public static partial void StorageUnavailable(this ILogger logger, string taskHub, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Partition {Partition} handed over by {WorkerId}: it holds {Owned}, its share is {Quota} among {Workers} workers")]
    public static partial void PartitionHandingOver(this ILogger logger, int partition, string workerId, int owned, int quota, int workers);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Partition {Partition} was taken by {NewOwner} after this worker's lease ran out")]
    public static partial void PartitionStolen(this ILogger logger, int partition, string newOwner);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Worker {WorkerId} sees {Workers} live workers on the task hub: its share is {Quota} of {PartitionCount} partitions")]
    public static partial void WorkerShareChanged(this ILogger logger, string workerId, int workers, int quota, int partitionCount);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Worker {WorkerId} could not read or announce the task hub's workers: {Reason}")]
    public static partial void MembershipError(this ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Could not ring the wake-up queue for partition {Partition} ({Reason}): its owner finds the message at its next regular poll")]
    public static partial void WakeUpNotRung(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "Peeking the wake-up queue failed ({Reason}); the partitions poll at their own pace meanwhile")]
    public static partial void WakeUpPeekFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Instance {InstanceId} step committed: generation {Generation}, {HistoryLength} events, {Status}")]
    public static partial void StepCommitted(this ILogger logger, string instanceId, int generation, int historyLength, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Instance {InstanceId} step lost a commit race and will be retried: {Reason}")]
    public static partial void StepConflict(this ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Instance {InstanceId} finished: {Status}")]
    public static partial void InstanceFinished(this ILogger logger, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Count} messages for instance {InstanceId}, which does not exist, were dropped")]
    public static partial void MessagesForUnknownInstance(this ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Poison message {MessageId} in {Queue} (delivered {DequeueCount} times) moved aside: {Reason}")]
    public static partial void PoisonMessage(this ILogger logger, string queue, string messageId, long dequeueCount, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Partition {Partition}: deleting consumed messages failed; they reappear after their visibility time-out and are dropped as duplicates: {Reason}")]
    public static partial void CleanUpFailed(this ILogger logger, int partition, string reason);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Activity {Name} of instance {InstanceId} failed: {Reason}")]
    public static partial void ActivityFailed(this ILogger logger, string name, string instanceId, string reason);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Activity {Name} is not registered in this worker")]
    public static partial void ActivityNotRegistered(this ILogger logger, string name);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "The result of activity {Name} for instance {InstanceId} could not be sent ({Reason}); it will run again")]
    public static partial void ActivityAnswerFailed(this ILogger logger, string name, string instanceId, string reason);
}
