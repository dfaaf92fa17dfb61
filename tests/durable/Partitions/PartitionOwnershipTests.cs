using Azure.Storage.Blobs.Specialized;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Tests.Worker;

namespace HaH.Orchestration.Durable.Tests.Partitions;

/// <summary>One worker and a lease it loses to someone else: it stops the partition at once and takes it back once free.</summary>
public sealed class PartitionOwnershipTests
{
    [Fact]
    public async Task LeaseTakenByAnotherOwner_StopsThePartitionAtOnceAndTakesItBackWhenFree()
    {
        await using var runtime = await TestRuntime.StartAsync(registry => registry
            .AddOrchestratorFunc<object?, string>("Quick", (_, _) => Task.FromResult("done")));
        await WaitUntilAsync("the worker owns both partitions", () => runtime.Runtime.OwnedPartitions.SequenceEqual([0, 1]));
        var leases = runtime.Storage.Leases;

        // Someone breaks the worker's lease and takes the partition, as a worker would after a long stall.
        var blob = runtime.Account.Blobs.GetBlobContainerClient(runtime.Storage.Names.LeasesContainer).GetBlobClient("p00");
        await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        var intruder = await leases.TryAcquireAsync(0, "intruder", PartitionLeases.MinDuration);
        Assert.NotNull(intruder);
        await WaitUntilAsync("the worker stopped partition 0", () => runtime.Runtime.OwnedPartitions.SequenceEqual([1]));

        var id = Enumerable.Range(0, 100).Select(i => $"p0-{i}").First(candidate => PartitionMap.PartitionOf(candidate, 2) == 0);
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Quick", null, new StartOrchestrationOptions { InstanceId = id });
        await leases.ReleaseAsync(0, intruder);

        var done = await runtime.WaitForCompletionAsync(id);
        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal([0, 1], runtime.Runtime.OwnedPartitions);
    }

    private static async Task WaitUntilAsync(string what, Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }
}
