using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>Gives a Durable Task client this Azure Storage backend.</summary>
public static class DurableTaskClientBuilderExtensions
{
    /// <summary>
    /// Schedules, signals, reads and manages instances of the task hub in Azure Storage:
    /// <c>services.AddDurableTaskClient(b => b.UseAzureStorage())</c>. Needs a
    /// <see cref="StorageAccount"/> in the container. Options come from the <c>Durable</c>
    /// configuration section and <paramref name="configure"/> (shared with the worker).
    /// </summary>
    public static IDurableTaskClientBuilder UseAzureStorage(this IDurableTaskClientBuilder builder, Action<AzureStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AzureStorageBackend.Add(builder.Services, configure);
        return builder.UseBuildTarget<AzureStorageDurableTaskClient>();
    }
}
