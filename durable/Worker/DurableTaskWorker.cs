using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// The hosted worker: creates the task hub's storage (retrying while storage does not answer,
/// so a host can start before its storage), then — unless the host is a client only — runs the
/// partitions and the activities.
/// </summary>
internal sealed class DurableTaskWorker(TaskHubRuntime runtime) : BackgroundService
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
