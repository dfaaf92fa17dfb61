namespace HaH.Orchestration.Durable.Storage;

/// <summary>Who holds a partition's lease, as its lease blob says.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="OwnerId">The holder, or null when the lease is free or expired.</param>
/// <param name="AcquiredAt">When the holder acquired it, when held.</param>
/// <param name="LastOwnerId">The worker that acquired the lease last, whether it still holds it or not (null when never leased).</param>
internal sealed record PartitionOwner(int Partition, string? OwnerId, DateTimeOffset? AcquiredAt, string? LastOwnerId = null);
