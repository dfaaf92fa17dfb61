using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class StorageRequestCounterTests
{
    [Fact]
    public async Task Snapshot_KnownSequenceOfHotPathOperations_CountsEachRequestExactly()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(counter: counter);
        var id = Samples.NewInstanceId();
        counter.Reset();
        Assert.Equal(0, counter.Snapshot().Total);

        var state = Samples.State(id, historyLength: 2) with { OutboxIds = ["a-1"] };
        await hub.Instances.CommitAsync(new StepCommit(
            state, null, [InstanceStoreHistoryTests.Record(0, 0), InstanceStoreHistoryTests.Record(0, 1)], [Samples.Activity(id, "a-1")], []));
        var (read, readETag) = (await hub.Instances.ReadStateAsync(id))!.Value;
        await hub.Instances.CommitAsync(new StepCommit(read with { OutboxIds = [] }, readETag, [], [], ["a-1"]));
        await hub.Storage.WorkItems.SendAsync(Samples.Activity(id, "a-1"));
        var received = Assert.Single(await hub.Storage.WorkItems.ReceiveAsync(32, TimeSpan.FromMinutes(1)));
        received = await hub.Storage.WorkItems.ReleaseAsync(received, TimeSpan.Zero);
        await hub.Storage.WorkItems.DeleteAsync(received);
        Assert.NotNull(await hub.Storage.Leases.TryAcquireAsync(1, "me", TimeSpan.FromSeconds(30)));

        var counts = counter.Snapshot();
        Assert.Equal(2, counts.Operation(StorageService.Table, "batch"));
        Assert.Equal(1, counts.Operation(StorageService.Table, "point-read"));
        Assert.Equal(3, counts.Table);
        Assert.Equal(1, counts.Operation(StorageService.Queue, "send"));
        Assert.Equal(1, counts.Operation(StorageService.Queue, "receive"));
        Assert.Equal(1, counts.Operation(StorageService.Queue, "update"));
        Assert.Equal(1, counts.Operation(StorageService.Queue, "delete"));
        Assert.Equal(4, counts.Queue);
        Assert.Equal(1, counts.Operation(StorageService.Blob, "lease"));
        Assert.Equal(1, counts.Operation(StorageService.Blob, "metadata"));
        Assert.Equal(2, counts.Blob);
        Assert.Equal(9, counts.Total);

        counter.Reset();
        Assert.Equal(0, counter.Snapshot().Total);
    }

    [Fact]
    public async Task Snapshot_ConcurrentRequests_CountsEveryOne()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(counter: counter);
        counter.Reset();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => hub.Instances.ReadStateAsync($"missing-{i}")));

        Assert.Equal(50, counter.Snapshot().Operation(StorageService.Table, "point-read"));
        Assert.Equal(50, counter.Snapshot().Total);
    }

    [Fact]
    public async Task Snapshot_RequestRetriedBySdk_CountsEveryAttempt()
    {
        var counter = new StorageRequestCounter();
        var options = new StorageClientSettings { RequestCounter = counter }.Apply(new TableClientOptions(), StorageService.Table, gate: null);
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var failFirst = new FailFirstAttempt();
        options.AddPolicy(failFirst, HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient((await TestAzurite.GetAsync()).ConnectionString, options);

        await tables.GetTableClient(TestTaskHub.NewName()).GetEntityIfExistsAsync<TableEntity>("p", "r");

        Assert.True(failFirst.Failed);
        Assert.Equal(2, counter.Snapshot().Operation(StorageService.Table, "point-read"));
    }

    /// <summary>Fails the first request before it is sent, as a dropped connection would; the SDK retries.</summary>
    private sealed class FailFirstAttempt : HttpPipelinePolicy
    {
        public bool Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Failed)
            {
                Failed = true;
                throw new IOException("connection dropped");
            }

            return ProcessNextAsync(message, pipeline);
        }
    }
}
