using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// The hosted worker: creates the task hub's storage, then (unless the host is a client only)
/// runs the partitions and the activities.
/// </summary>
internal sealed class DurableTaskWorker(TaskHubRuntime runtime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
        if (!runtime.Options.RunWorker)
        {
            return;
        }

        runtime.Logger.WorkerStarted(runtime.Options.WorkerId, runtime.Options.TaskHub, runtime.Options.PartitionCount);
        await Task.WhenAll(
            Task.Run(() => new PartitionManager(runtime).RunAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => new ActivityProcessor(runtime).RunAsync(stoppingToken), CancellationToken.None)).ConfigureAwait(false);
    }
}
