using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Tests.Storage;
using static Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace HaH.Orchestration.Durable.Tests.Steps;

/// <summary>Index rows that need not be waited for share transactions: one in flight, the rest in the next.</summary>
public sealed class IndexWriteBatchTests
{
    [Fact]
    public async Task RowsWrittenWhileATransactionIsInFlightGoTogetherInTheNext()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(counter: counter);
        var batch = new IndexWriteBatch(hub.Storage.Index);
        var instances = Enumerable.Range(0, 150).Select(i => Instance("adm-" + i)).ToList();
        counter.Reset();

        await Task.WhenAll(instances.Select(instance => batch.WriteAsync(instance, CancellationToken.None)));

        var requests = counter.Snapshot().Total;
        Assert.InRange(requests, 2, 4); // the first alone, then up to 100 rows a transaction
        foreach (var instance in instances)
        {
            Assert.Equal(Running, (await hub.Storage.Index.GetAsync(instance.State.InstanceId, 1))?.RuntimeStatus);
            Assert.Equal(Running, instance.IndexedStatus);
        }
    }

    [Fact]
    public async Task ARowIsTheInstancesStatusWhenItsTransactionIsBuiltAndIsSkippedWhenTheIndexHasIt()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(counter: counter);
        var batch = new IndexWriteBatch(hub.Storage.Index);
        var indexed = Instance("adm-indexed");
        indexed.IndexedStatus = Running;
        counter.Reset();

        await batch.WriteAsync(indexed, CancellationToken.None);

        Assert.Equal(0, counter.Snapshot().Total);
        Assert.Null(await hub.Storage.Index.GetAsync("adm-indexed", 1));
    }

    [Fact]
    public async Task AFailedTransactionFailsTheWritesInIt()
    {
        await using var hub = await TestHub.CreateAsync();
        var batch = new IndexWriteBatch(hub.Storage.Index);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.WriteAsync(Instance("adm-1"), cancelled.Token));
        await batch.WriteAsync(Instance("adm-2"), CancellationToken.None); // and the next ones still go
        Assert.NotNull(await hub.Storage.Index.GetAsync("adm-2", 1));
    }

    private static CachedInstance Instance(string instanceId) => new(
        new InstanceState
        {
            InstanceId = instanceId,
            Name = "Admission",
            ExecutionId = "e1",
            RuntimeStatus = Running,
            Partition = 1,
            CreatedAt = Samples.T0,
            LastUpdatedAt = Samples.T0,
        },
        etag: null);
}
