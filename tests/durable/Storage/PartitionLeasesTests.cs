using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class PartitionLeasesTests
{
    private static readonly TimeSpan Shortest = PartitionLeases.MinDuration;

    [Fact]
    public async Task TryAcquireAsync_SecondOwnerWhileHeld_IsRefusedUntilReleased()
    {
        await using var hub = await TestHub.CreateAsync();
        var leases = hub.Storage.Leases;

        var first = await leases.TryAcquireAsync(2, "worker-a", TimeSpan.FromSeconds(60));
        var refused = await leases.TryAcquireAsync(2, "worker-b", TimeSpan.FromSeconds(60));
        var other = await leases.TryAcquireAsync(3, "worker-b", TimeSpan.FromSeconds(60));

        Assert.NotNull(first);
        Assert.Null(refused);
        Assert.NotNull(other);
        Assert.True(await leases.RenewAsync(2, first));
        var owners = await leases.ReadOwnersAsync();
        Assert.Equal([null, null, "worker-a", "worker-b"], owners.Select(o => o.OwnerId));

        await leases.ReleaseAsync(2, first);
        var second = await leases.TryAcquireAsync(2, "worker-b", TimeSpan.FromSeconds(60));

        Assert.NotNull(second);
        Assert.False(await leases.RenewAsync(2, first));
        await leases.ReleaseAsync(2, first);
        Assert.True(await leases.RenewAsync(2, second));
        Assert.Equal("worker-b", (await leases.ReadOwnersAsync())[2].OwnerId);
    }

    [Fact]
    public async Task TryAcquireAsync_AfterTheHoldersLeaseExpires_HandsThePartitionOver()
    {
        await using var hub = await TestHub.CreateAsync();
        var leases = hub.Storage.Leases;
        var first = await leases.TryAcquireAsync(0, "worker-a", Shortest);
        Assert.NotNull(first);
        Assert.Null(await leases.TryAcquireAsync(0, "worker-b", Shortest));

        await Task.Delay(Shortest + TimeSpan.FromSeconds(1.5));

        Assert.Null((await leases.ReadOwnersAsync())[0].OwnerId);
        var second = await leases.TryAcquireAsync(0, "worker-b", Shortest);
        Assert.NotNull(second);
        Assert.False(await leases.RenewAsync(0, first));
        Assert.Equal("worker-b", (await leases.ReadOwnersAsync())[0].OwnerId);
    }

    [Fact]
    public async Task TryAcquireAsync_DurationOutsideBlobLeaseLimits_Throws()
    {
        await using var hub = await TestHub.CreateAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => hub.Storage.Leases.TryAcquireAsync(0, "a", TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => hub.Storage.Leases.TryAcquireAsync(0, "a", TimeSpan.FromSeconds(61)));
    }

    [Fact]
    public async Task ReadSnapshotAsync_HeartbeatsAndLeases_ListsBothInOneRequestByServerTime()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(partitionCount: 2, counter: counter);
        var leases = hub.Storage.Leases;
        await leases.HeartbeatAsync("host/1#a");
        await leases.HeartbeatAsync("host-2");
        Assert.NotNull(await leases.TryAcquireAsync(1, "host-2", TimeSpan.FromSeconds(60)));
        var leaseId = await leases.TryAcquireAsync(0, "host/1#a", TimeSpan.FromSeconds(60));
        await leases.ReleaseAsync(0, leaseId!);
        counter.Reset();

        var snapshot = await leases.ReadSnapshotAsync();

        Assert.Equal(1, counter.Snapshot().Total);
        Assert.Equal(["host-2", "host/1#a"], snapshot.Workers.Select(w => w.WorkerId).Order(StringComparer.Ordinal));
        Assert.All(snapshot.Workers, w => Assert.InRange(snapshot.ReadAt - w.BeatAt, TimeSpan.FromSeconds(-2), TimeSpan.FromSeconds(30)));
        Assert.Equal([null, "host-2"], snapshot.Partitions.Select(p => p.OwnerId));
        Assert.Equal(["host/1#a", "host-2"], snapshot.Partitions.Select(p => p.LastOwnerId));
    }

    [Fact]
    public async Task RemoveHeartbeatAsync_BeatAgainSinceTheGivenTime_KeepsIt()
    {
        await using var hub = await TestHub.CreateAsync(partitionCount: 1);
        var leases = hub.Storage.Leases;
        await leases.HeartbeatAsync("gone");
        await leases.HeartbeatAsync("back");

        await leases.RemoveHeartbeatAsync("back", ifNotBeatSince: DateTimeOffset.UtcNow.AddHours(-1));
        await leases.RemoveHeartbeatAsync("gone");

        Assert.Equal(["back"], (await leases.ReadSnapshotAsync()).Workers.Select(w => w.WorkerId));
    }
}
