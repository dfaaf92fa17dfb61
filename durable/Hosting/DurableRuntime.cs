using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>
/// The running runtime as a whole, for simulations and tests on a virtual clock: after moving
/// the clock, <see cref="WaitForIdleAsync"/> returns once everything that became due has been
/// processed.
/// </summary>
public sealed class DurableRuntime
{
    private readonly TaskHubRuntime _runtime;

    internal DurableRuntime(TaskHubRuntime runtime) => _runtime = runtime;

    /// <summary>The clock every orchestration, timer and history timestamp uses.</summary>
    public TimeProvider Clock => _runtime.Clock;

    /// <summary>The partitions this process currently owns.</summary>
    public IReadOnlyList<int> OwnedPartitions => [.. _runtime.OwnedPartitions.Select(p => p.Partition).Order()];

    /// <summary>
    /// Waits until this process owns every partition (single-worker set-ups) and nothing is
    /// left to do: no due timer, no message in the task hub's queues, no step or activity
    /// running — seen twice in a row, so that work which produces more work is followed through.
    /// </summary>
    /// <exception cref="TimeoutException">Still busy after <paramref name="timeout"/> (default 2 minutes).</exception>
    public async Task WaitForIdleAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        var quietChecks = 0;
        for (var check = 0; quietChecks < 2; check++)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The durable runtime was still busy after {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s.");
            }

            // Poll now rather than at the end of an idle back-off; not on every check, since a
            // poll in progress is work in flight.
            if (check % 20 == 0)
            {
                foreach (var partition in _runtime.OwnedPartitions)
                {
                    partition.Wake();
                }

                _runtime.ActivityWake.Set();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            quietChecks = await IsQuietAsync(cancellationToken).ConfigureAwait(false) ? quietChecks + 1 : 0;
        }
    }

    private async Task<bool> IsQuietAsync(CancellationToken cancellationToken)
    {
        var partitions = _runtime.OwnedPartitions;
        if (_runtime.InFlight > 0
            || partitions.Count < _runtime.Options.PartitionCount
            || partitions.Any(p => !p.IsRecovered || p.HasDueTimers || p.LocalBacklog > 0))
        {
            return false;
        }

        var queues = Enumerable.Range(0, _runtime.Options.PartitionCount).Select(_runtime.Storage.ControlQueue).Append(_runtime.Storage.WorkItems);
        var counts = await Task.WhenAll(queues.Select(queue => queue.ApproximateCountAsync(cancellationToken))).ConfigureAwait(false);
        return counts.All(count => count == 0) && _runtime.InFlight == 0;
    }
}
