using HaH.Orchestration.Durable.Activities;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// The Durable Task SDK's worker on this backend (the SDK builds it through
/// <c>UseBuildTarget</c>): creates the task hub's storage (retrying while storage does not answer,
/// so a host can start before its storage), then runs the partitions this process owns, the
/// activities, and the listener that wakes its partitions when other processes ring
/// (<see cref="WakeUpListener"/>), with the orchestrators and activities registered on the SDK's builder.
/// </summary>
internal sealed class AzureStorageDurableTaskWorker(
    string name,
    IDurableTaskFactory factory,
    IServiceProvider services,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    IOptions<AzureStorageOptions> storageOptions,
    ILoggerFactory loggerFactory) : DurableTaskWorker(name, factory)
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = storageOptions.Value;
        var storage = services.GetRequiredService<TaskHubStorage>();
        var logger = loggerFactory.CreateLogger(Logs.Category);
        while (true)
        {
            try
            {
                await storage.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException && !stoppingToken.IsCancellationRequested)
            {
                logger.StorageUnavailable(options.TaskHub, ex.Message.Split('\n', 2)[0]);
                await Task.Delay(StorageRetryDelay, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }

        logger.WorkerStarted(options.WorkerId, options.TaskHub, options.PartitionCount);
        var (partitions, activities) = Compose(options, storage, logger);
        var wakeUps = new WakeUpListener(storage.WakeUps, services.GetRequiredService<OwnedPartitions>(), options.WakeUpPollingInterval, logger);
        await Task.WhenAll(
            Task.Run(() => partitions.RunAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => activities.RunAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => wakeUps.RunAsync(stoppingToken), CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>The worker's two loops, given what they share with the process's client (the container's singletons).</summary>
    private (PartitionManager Partitions, ActivityProcessor Activities) Compose(AzureStorageOptions options, TaskHubStorage storage, ILogger logger)
    {
        var tasks = new OrchestrationTasks(Factory, services, new DurableTaskShimFactory(workerOptions.Get(Name), loggerFactory));
        var clock = services.GetRequiredService<TimeProvider>();
        var faults = services.GetRequiredService<IFaultInjector>();
        var owned = services.GetRequiredService<OwnedPartitions>();
        var dispatch = services.GetRequiredService<MessageDispatch>();
        var inFlight = services.GetRequiredService<WorkInFlight>();
        var runner = new ActivityRunner(tasks, dispatch, owned, inFlight, options, clock, faults, logger);
        var processors = new PartitionProcessorFactory(storage, tasks, runner, dispatch, inFlight, services.GetRequiredService<LocalFinishes>(), options, clock, faults, logger);
        return (
            new PartitionManager(storage.Leases, owned, processors, options, logger),
            new ActivityProcessor(storage.WorkItems, storage.Poison, runner, dispatch, options, clock, logger));
    }
}
