using HaH.Orchestration.Durable.Execution;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HaH.Orchestration.Durable.Activities;
using HaH.Orchestration.Durable.Partitions;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// The Durable Task SDK's worker on this backend (the SDK builds it through
/// <c>UseBuildTarget</c>): creates the task hub's storage (retrying while storage does not answer,
/// so a host can start before its storage), hands the registered orchestrators and activities to
/// the runtime, then runs the partitions this process owns and the activities.
/// </summary>
internal sealed class AzureStorageDurableTaskWorker(
    string name,
    IDurableTaskFactory factory,
    TaskHubRuntime runtime,
    IServiceProvider services,
    IOptionsMonitor<DurableTaskWorkerOptions> workerOptions,
    ILoggerFactory loggerFactory) : DurableTaskWorker(name, factory)
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        runtime.Attach(new OrchestrationTasks(Factory, services, new DurableTaskShimFactory(workerOptions.Get(Name), loggerFactory)));
        while (true)
        {
            try
            {
                await runtime.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException && !stoppingToken.IsCancellationRequested)
            {
                runtime.Logger.StorageUnavailable(runtime.Options.TaskHub, ex.Message.Split('\n', 2)[0]);
                await Task.Delay(StorageRetryDelay, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }

        runtime.Logger.WorkerStarted(runtime.Options.WorkerId, runtime.Options.TaskHub, runtime.Options.PartitionCount);
        await Task.WhenAll(
            Task.Run(() => new PartitionManager(runtime).RunAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => new ActivityProcessor(runtime).RunAsync(stoppingToken), CancellationToken.None)).ConfigureAwait(false);
    }
}
