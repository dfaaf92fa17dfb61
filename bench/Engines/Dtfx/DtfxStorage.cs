using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>
/// DTFx's Azure Storage service with its default settings — only the task hub's name and the
/// storage connection are given. Its track-2 storage clients get the runtime's own
/// <see cref="StorageRequestCounter"/> policy, in the same per-retry position and with the same
/// operation names as the runtime's clients, so both engines' requests are counted alike.
/// </summary>
internal static class DtfxStorage
{
    public static AzureStorageOrchestrationService CreateService(string connectionString, string taskHub, StorageRequestCounter counter) =>
        new(Settings(connectionString, taskHub, counter));

    public static AzureStorageOrchestrationServiceSettings Settings(string connectionString, string taskHub, StorageRequestCounter counter) => new()
    {
        TaskHubName = taskHub,
        StorageAccountClientProvider = new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(connectionString, Counted(new BlobClientOptions(), counter, StorageService.Blob)),
            StorageServiceClientProvider.ForQueue(connectionString, Counted(new QueueClientOptions(), counter, StorageService.Queue)),
            StorageServiceClientProvider.ForTable(connectionString, Counted(new TableClientOptions(), counter, StorageService.Table))),
    };

    private static T Counted<T>(T options, StorageRequestCounter counter, StorageService service)
        where T : ClientOptions
    {
        options.AddPolicy(counter.CreatePolicy(service), HttpPipelinePosition.PerRetry);
        return options;
    }
}
