namespace HaH.Orchestration.Durable.Partitions;

/// <summary>What <see cref="PartitionBalance"/> tells a worker to do after one listing.</summary>
/// <param name="Workers">The live workers it counted, itself included.</param>
/// <param name="Quota">This worker's fair share.</param>
/// <param name="Wanted">How many free partitions to take to reach the share.</param>
/// <param name="Candidates">Free partitions in the order to try them (orphans first).</param>
/// <param name="Orphans">Partitions free for a whole lease period: take them even beyond the share.</param>
/// <param name="Release">How many held partitions to hand over (beyond those already being handed over).</param>
/// <param name="FreeSince">Every partition free in this listing, with since when it has been seen free (for the next decision).</param>
internal sealed record BalanceDecision(
    int Workers,
    int Quota,
    int Wanted,
    IReadOnlyList<int> Candidates,
    IReadOnlyList<int> Orphans,
    int Release,
    IReadOnlyDictionary<int, DateTimeOffset> FreeSince);
