using HaH.Orchestration.Durable.Diagnostics;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Holds this worker's partition leases: takes free partitions, renews its own, and stops a
/// partition's processing at once when its lease is lost or could not be renewed in time. A
/// processor that crashed is replaced by a new one that recovers from storage.
/// </summary>
internal sealed class PartitionManager(TaskHubRuntime runtime)
{
    private readonly Dictionary<int, (PartitionProcessor Processor, DateTimeOffset Renewed)> _owned = [];

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                for (var partition = 0; partition < runtime.Options.PartitionCount; partition++)
                {
                    await ManageAsync(partition, stopping).ConfigureAwait(false);
                }

                await Task.Delay(runtime.Options.LeaseRenewInterval, TimeProvider.System, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            foreach (var partition in _owned.Keys.ToArray())
            {
                await ReleaseAsync(partition).ConfigureAwait(false);
            }
        }
    }

    private async Task ManageAsync(int partition, CancellationToken stopping)
    {
        try
        {
            if (_owned.TryGetValue(partition, out var owned))
            {
                if (owned.Processor.Completion.IsFaulted)
                {
                    runtime.Logger.PartitionCrashed(partition, owned.Processor.Completion.Exception?.GetBaseException().Message ?? "unknown");
                    await StopAsync(partition).ConfigureAwait(false);
                    Start(partition, owned.Processor.LeaseId, stopping);
                }

                if (await runtime.Storage.Leases.RenewAsync(partition, owned.Processor.LeaseId, stopping).ConfigureAwait(false))
                {
                    _owned[partition] = (_owned[partition].Processor, DateTimeOffset.UtcNow);
                }
                else
                {
                    runtime.Logger.PartitionLost(partition);
                    await StopAsync(partition).ConfigureAwait(false);
                }

                return;
            }

            var leaseId = await runtime.Storage.Leases.TryAcquireAsync(partition, runtime.Options.WorkerId, runtime.Options.LeaseDuration, stopping).ConfigureAwait(false);
            if (leaseId is not null)
            {
                runtime.Logger.PartitionAcquired(partition, runtime.Options.WorkerId);
                Start(partition, leaseId, stopping);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            runtime.Logger.LeaseError(partition, ex.Message);
            // A lease we could not renew for most of its duration may already be someone else's.
            if (_owned.TryGetValue(partition, out var owned) && DateTimeOffset.UtcNow - owned.Renewed > runtime.Options.LeaseDuration * 0.8)
            {
                await StopAsync(partition).ConfigureAwait(false);
            }
        }
    }

    private void Start(int partition, string leaseId, CancellationToken stopping)
    {
        var processor = new PartitionProcessor(runtime, partition, leaseId);
        _owned[partition] = (processor, DateTimeOffset.UtcNow);
        runtime.Owns(processor);
        DurableTelemetry.OwnedPartitions.Add(1);
        processor.Start(stopping);
    }

    private async Task StopAsync(int partition)
    {
        if (_owned.Remove(partition, out var owned))
        {
            runtime.Disowns(owned.Processor);
            DurableTelemetry.OwnedPartitions.Add(-1);
            await owned.Processor.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReleaseAsync(int partition)
    {
        if (_owned.TryGetValue(partition, out var owned))
        {
            await StopAsync(partition).ConfigureAwait(false);
            try
            {
                await runtime.Storage.Leases.ReleaseAsync(partition, owned.Processor.LeaseId, CancellationToken.None).ConfigureAwait(false);
                runtime.Logger.PartitionReleased(partition);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
            {
                // The lease expires by itself.
                runtime.Logger.LeaseError(partition, ex.Message);
            }
        }
    }
}
