using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Storage;

/// <summary>A fresh task hub in the test run's Azurite, deleted when disposed.</summary>
internal sealed class TestHub : IAsyncDisposable
{
    private TestHub(TaskHubStorage storage) => Storage = storage;

    public TaskHubStorage Storage { get; }

    public InstanceStore Instances => Storage.Instances;

    public static async Task<TestHub> CreateAsync(int partitionCount = 4, StorageRequestCounter? counter = null, TimeProvider? clock = null)
    {
        var account = await TestAzurite.GetAccountAsync();
        if (counter is not null)
        {
            var emulator = await TestAzurite.GetAsync();
            account = StorageAccount.FromConnectionString(emulator.ConnectionString, new StorageClientSettings { RequestCounter = counter });
        }

        var storage = new TaskHubStorage(account, new TaskHubNames(TestTaskHub.NewName(), partitionCount), clock);
        await storage.CreateIfNotExistsAsync();
        return new TestHub(storage);
    }

    public async ValueTask DisposeAsync() => await Storage.DeleteAsync();
}
