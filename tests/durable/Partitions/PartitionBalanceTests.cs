using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Partitions;

namespace HaH.Orchestration.Durable.Tests.Partitions;

/// <summary>The balancing rule on listings written by hand: shares, hand-overs, orphans, dead workers.</summary>
public sealed class PartitionBalanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(30);

    [Fact]
    public void Decide_AloneOnAFreeHub_TakesEveryPartition()
    {
        var decision = Decide("a", held: [], Snapshot(owners: [null, null, null, null], workers: ["a"]));

        Assert.Equal(1, decision.Workers);
        Assert.Equal(4, decision.Quota);
        Assert.Equal(4, decision.Wanted);
        Assert.Equal([0, 1, 2, 3], decision.Candidates.Order());
        Assert.Equal(0, decision.Release);
    }

    [Fact]
    public void Decide_NewcomerAnnounced_OwnerOfEverythingHandsHalfOver()
    {
        var snapshot = Snapshot(owners: ["a", "a", "a", "a"], workers: ["a", "b"]);

        var owner = Decide("a", held: [0, 1, 2, 3], snapshot);
        var newcomer = Decide("b", held: [], snapshot);

        Assert.Equal((2, 2, 2), (owner.Workers, owner.Quota, owner.Release));
        Assert.Equal((2, 2, 0), (newcomer.Workers, newcomer.Quota, newcomer.Release));
        Assert.Equal(2, newcomer.Wanted);
        Assert.Empty(newcomer.Candidates);
    }

    [Fact]
    public void Decide_PartitionsBeingHandedOver_AreNotHandedOverTwice()
    {
        var decision = Decide("a", held: [0, 1], Snapshot(owners: ["a", "a", "a", "a"], workers: ["a", "b"]), draining: [2, 3]);

        Assert.Equal(2, decision.Quota);
        Assert.Equal(0, decision.Release);
        Assert.Equal(0, decision.Wanted);
    }

    [Fact]
    public void Decide_ThreeWorkersOnFourPartitions_TheExtraStaysWithTheWorkerHoldingMost()
    {
        var snapshot = Snapshot(owners: ["a", "b", "b", "c"], workers: ["a", "b", "c"]);

        Assert.Equal([1, 2, 1], new[] { "a", "b", "c" }.Select(w => Decide(w, HeldBy(snapshot, w), snapshot).Quota));
        Assert.All(new[] { "a", "b", "c" }, w => Assert.Equal(0, Decide(w, HeldBy(snapshot, w), snapshot).Release));
    }

    [Fact]
    public void Decide_TwoOwnersAtTheirShareAndANewcomer_ExactlyOneHandsOneOver()
    {
        var snapshot = Snapshot(owners: ["a", "a", "b", "b"], workers: ["a", "b", "c"]);

        var releases = new[] { "a", "b" }.Select(w => Decide(w, HeldBy(snapshot, w), snapshot).Release).ToList();
        var newcomer = Decide("c", held: [], snapshot);

        Assert.Equal(1, releases.Sum());
        Assert.Equal(1, newcomer.Wanted);
    }

    [Fact]
    public void Decide_StaleHeartbeat_DoesNotCountAsAWorker()
    {
        var snapshot = Snapshot(owners: ["a", "a", null, null], workers: ["a"]) with
        {
            Workers = [new WorkerHeartbeat("a", Now), new WorkerHeartbeat("dead", Now - Liveness - TimeSpan.FromSeconds(1))],
        };

        var decision = Decide("a", held: [0, 1], snapshot);

        Assert.Equal(1, decision.Workers);
        Assert.Equal(2, decision.Wanted);
        Assert.Equal([2, 3], decision.Candidates.Order());
    }

    [Fact]
    public void Decide_LeaseHolderWithoutHeartbeat_CountsAsAWorker()
    {
        var decision = Decide("a", held: [], Snapshot(owners: ["b", "b", "b", "b"], workers: ["a"]));

        Assert.Equal(2, decision.Workers);
        Assert.Equal(2, decision.Wanted);
    }

    [Fact]
    public void Decide_PartitionFreeForALeasePeriod_IsTakenBeyondTheShare()
    {
        var snapshot = Snapshot(owners: ["a", "a", null, "b"], workers: ["a", "b", "c"]);

        var first = Decide("a", held: [0, 1], snapshot);
        var soon = Decide("a", held: [0, 1], snapshot with { ReadAt = Now + Liveness / 2 }, freeSince: first.FreeSince);
        var later = Decide("a", held: [0, 1], snapshot with { ReadAt = Now + Liveness }, freeSince: soon.FreeSince);

        Assert.Equal(0, first.Wanted);
        Assert.Equal(Now, first.FreeSince[2]);
        Assert.Empty(first.Orphans);
        Assert.Empty(soon.Orphans);
        Assert.Equal([2], later.Orphans);
        Assert.Equal([2], later.Candidates);
    }

    [Fact]
    public void Decide_MoreWorkersThanPartitions_HoldersKeepOneAndTheRestWait()
    {
        var snapshot = Snapshot(owners: ["a", "b"], workers: ["a", "b", "c"]);

        Assert.Equal(1, Decide("a", held: [0], snapshot).Quota);
        Assert.Equal(1, Decide("b", held: [1], snapshot).Quota);
        var idle = Decide("c", held: [], snapshot);
        Assert.Equal((0, 0, 0), (idle.Quota, idle.Wanted, idle.Release));
    }

    [Fact]
    public void Decide_WorkersJoiningTogether_StartLookingAtDifferentPartitions()
    {
        var snapshot = Snapshot(owners: new string?[16], workers: ["worker-a", "worker-b", "worker-c", "worker-d"]);

        var firsts = new[] { "worker-a", "worker-b", "worker-c", "worker-d" }.Select(w => Decide(w, held: [], snapshot).Candidates[0]).ToList();

        Assert.True(firsts.Distinct().Count() > 1, $"Every worker starts at partition {firsts[0]}.");
    }

    private static BalanceDecision Decide(
        string self, int[] held, LeaseSnapshot snapshot, int[]? draining = null, IReadOnlyDictionary<int, DateTimeOffset>? freeSince = null) =>
        PartitionBalance.Decide(snapshot.Partitions.Count, self, held, draining ?? [], snapshot, Liveness, freeSince ?? new Dictionary<int, DateTimeOffset>());

    private static int[] HeldBy(LeaseSnapshot snapshot, string worker) =>
        [.. snapshot.Partitions.Where(p => p.OwnerId == worker).Select(p => p.Partition)];

    private static LeaseSnapshot Snapshot(string?[] owners, string[] workers) => new(
        Now,
        [.. owners.Select((owner, partition) => new PartitionOwner(partition, owner, owner is null ? null : Now, owner))],
        [.. workers.Select(worker => new WorkerHeartbeat(worker, Now - TimeSpan.FromSeconds(2)))]);
}
