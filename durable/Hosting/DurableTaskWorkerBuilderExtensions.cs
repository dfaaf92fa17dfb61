using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.DurableTask.Worker;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>Runs a Durable Task worker on this Azure Storage backend.</summary>
public static class DurableTaskWorkerBuilderExtensions
{
    /// <summary>
    /// The longest timer the SDK creates in one piece on this backend: timers are durable rows of any
    /// length, so none is cut into the SDK's default 3-day pieces.
    /// </summary>
    internal static readonly TimeSpan MaximumTimerInterval = TimeSpan.FromDays(3650);

    /// <summary>
    /// Runs the worker's orchestrators and activities on the task hub in Azure Storage:
    /// <c>services.AddDurableTaskWorker(b => b.AddTasks(...).UseAzureStorage())</c>, where the
    /// Durable Task Scheduler would be <c>.UseDurableTaskScheduler(...)</c>. Needs a
    /// <see cref="StorageAccount"/> in the container; uses its <see cref="TimeProvider"/> (the system
    /// clock unless one is registered). Options come from the <c>Durable</c> configuration section
    /// and <paramref name="configure"/>.
    /// </summary>
    public static IDurableTaskWorkerBuilder UseAzureStorage(this IDurableTaskWorkerBuilder builder, Action<AzureStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AzureStorageBackend.Add(builder.Services, configure);

        builder.Configure(options => options.MaximumTimerInterval = MaximumTimerInterval);
        return builder.UseBuildTarget<AzureStorageDurableTaskWorker>();
    }
}
