namespace HaH.Orchestration.Durable.Storage;

/// <summary>Who holds a partition's lease, as its lease blob says.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="OwnerId">The holder, or null when the lease is free or expired.</param>
/// <param name="AcquiredAt">When the holder acquired it, when held.</param>
internal sealed record PartitionOwner(int Partition, string? OwnerId, DateTimeOffset? AcquiredAt);
