namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// One listing of a task hub's leases container: the holder of every partition and the workers
/// that have announced themselves, with the storage service's time of the listing (so that
/// heartbeat ages never depend on the reader's clock).
/// </summary>
/// <param name="ReadAt">The storage service's time when it answered.</param>
/// <param name="Partitions">Every partition's lease, by partition.</param>
/// <param name="Workers">Every worker heartbeat, fresh or stale.</param>
internal sealed record LeaseSnapshot(DateTimeOffset ReadAt, IReadOnlyList<PartitionOwner> Partitions, IReadOnlyList<WorkerHeartbeat> Workers);
