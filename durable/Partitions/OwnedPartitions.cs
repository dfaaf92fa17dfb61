using System.Collections.Concurrent;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// The partitions this process owns right now, by number: where a message sent from here can be
/// handed over in memory instead of through its queue.
/// </summary>
internal sealed class OwnedPartitions(int partitionCount)
{
    private readonly ConcurrentDictionary<int, OwnedPartition> _owned = new();

    public int PartitionCount => partitionCount;

    public IReadOnlyCollection<OwnedPartition> All => _owned.Values.ToArray();

    public int PartitionOf(string instanceId) => PartitionMap.PartitionOf(instanceId, partitionCount);

    public void Add(OwnedPartition partition) => _owned[partition.Partition] = partition;

    public void Remove(OwnedPartition partition) => _owned.TryRemove(new KeyValuePair<int, OwnedPartition>(partition.Partition, partition));

    public OwnedPartition? Get(int partition) => _owned.GetValueOrDefault(partition);

    /// <summary>This process's partition of the instance, if it owns it.</summary>
    public OwnedPartition? OwnerOf(string instanceId) => Get(PartitionOf(instanceId));
}
