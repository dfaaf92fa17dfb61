using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class TaskHubStorageTests
{
    [Fact]
    public async Task CreateIfNotExistsAsync_TwiceThenDeleteAsync_CreatesEverythingThenRemovesEverything()
    {
        var account = await TestAzurite.GetAccountAsync();
        var names = new TaskHubNames(TestTaskHub.NewName(), partitionCount: 3);
        var hub = new TaskHubStorage(account, names);

        await hub.CreateIfNotExistsAsync();
        await hub.CreateIfNotExistsAsync();

        Assert.Equal(names.Tables.Order(), await TablesAsync(account, names.HubName));
        Assert.Equal(names.Queues.Order(), await QueuesAsync(account, names.HubName));
        Assert.Equal(names.Containers.Order(), await ContainersAsync(account, names.HubName));
        Assert.Equal([0, 1, 2], (await hub.Leases.ReadOwnersAsync()).Select(owner => owner.Partition));

        await hub.DeleteAsync();

        Assert.Empty(await TablesAsync(account, names.HubName));
        Assert.Empty(await QueuesAsync(account, names.HubName));
        Assert.Empty(await ContainersAsync(account, names.HubName));
    }

    private static async Task<List<string>> TablesAsync(StorageAccount account, string hub)
    {
        var names = new List<string>();
        await foreach (var table in account.Tables.QueryAsync())
        {
            names.Add(table.Name);
        }

        return names.Where(name => name.StartsWith(hub, StringComparison.Ordinal)).Order().ToList();
    }

    private static async Task<List<string>> QueuesAsync(StorageAccount account, string hub)
    {
        var names = new List<string>();
        await foreach (var queue in account.Queues.GetQueuesAsync(prefix: hub))
        {
            names.Add(queue.Name);
        }

        return names.Order().ToList();
    }

    private static async Task<List<string>> ContainersAsync(StorageAccount account, string hub)
    {
        var names = new List<string>();
        await foreach (var container in account.Blobs.GetBlobContainersAsync(prefix: hub))
        {
            names.Add(container.Name);
        }

        return names.Order().ToList();
    }
}
