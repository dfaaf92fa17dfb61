using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// The balancing rule, a pure function of one lease snapshot. The live workers are those with a
/// fresh heartbeat, those holding a lease, and this one. With P partitions and W workers each
/// worker's share is ⌊P/W⌋, and the P mod W workers that already hold the most (ties by id) get
/// one more, so that as few partitions as possible move and every worker computes the same
/// shares from the same listing. A worker below its share takes free partitions; one above it
/// hands partitions over. A partition seen free for a whole lease period is taken by anyone,
/// so that a wrong view of who is alive can delay a partition but never orphan it (not sooner:
/// a worker whose cycle is merely slow must get the chance to take what was handed to it).
/// </summary>
internal static class PartitionBalance
{
    /// <param name="partitionCount">The task hub's partitions.</param>
    /// <param name="self">This worker's id.</param>
    /// <param name="held">Partitions this worker holds and processes.</param>
    /// <param name="draining">Partitions this worker is handing over (still leased, about to be released).</param>
    /// <param name="snapshot">The latest listing of the leases container.</param>
    /// <param name="liveness">How old a heartbeat may be for its worker to count as alive, and how long a partition may stay free before anyone takes it.</param>
    /// <param name="freeSince">Since when (listing time) each partition free in the previous listing has been seen free.</param>
    public static BalanceDecision Decide(
        int partitionCount,
        string self,
        IReadOnlyCollection<int> held,
        IReadOnlyCollection<int> draining,
        LeaseSnapshot snapshot,
        TimeSpan liveness,
        IReadOnlyDictionary<int, DateTimeOffset> freeSince)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var worker in snapshot.Workers.Where(worker => snapshot.ReadAt - worker.BeatAt <= liveness))
        {
            counts[worker.WorkerId] = 0;
        }

        foreach (var owner in snapshot.Partitions.Where(owner => owner.OwnerId is not null && owner.OwnerId != self))
        {
            counts[owner.OwnerId!] = counts.GetValueOrDefault(owner.OwnerId!) + 1;
        }

        // This worker's own view of what it holds is the truth for itself; the listing may lag.
        var mine = held.Count + draining.Count;
        counts[self] = mine;

        var workers = counts.Count;
        var share = partitionCount / workers;
        var extra = partitionCount % workers;
        var rank = counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key).ToList().IndexOf(self);
        var quota = share + (rank < extra ? 1 : 0);

        var free = snapshot.Partitions
            .Where(owner => owner.OwnerId is null && !held.Contains(owner.Partition) && !draining.Contains(owner.Partition))
            .Select(owner => owner.Partition)
            .ToList();
        var stillFree = free.ToDictionary(partition => partition, partition => freeSince.GetValueOrDefault(partition, snapshot.ReadAt));
        var orphans = free.Where(partition => snapshot.ReadAt - stillFree[partition] >= liveness).ToHashSet();

        // Start looking at a place of our own, so that workers joining together rarely race for the same lease.
        var offset = (int)(PartitionMap.Fnv1a(self) % (uint)partitionCount);
        var candidates = free
            .OrderByDescending(orphans.Contains)
            .ThenBy(partition => (partition - offset + partitionCount) % partitionCount)
            .ToList();

        return new BalanceDecision(
            workers,
            quota,
            Wanted: Math.Max(0, quota - mine),
            Candidates: candidates,
            Orphans: [.. orphans],
            Release: Math.Max(0, mine - quota - draining.Count),
            FreeSince: stillFree);
    }
}
