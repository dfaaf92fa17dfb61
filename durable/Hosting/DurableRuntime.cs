using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Hosting;

/// <summary>
/// The running runtime as a whole, for simulations and tests on a virtual clock: after moving
/// the clock, <see cref="WaitForIdleAsync"/> returns once everything that became due has been
/// processed.
/// </summary>
public sealed class DurableRuntime
{
    private readonly OwnedPartitions _owned;
    private readonly WorkInFlight _inFlight;
    private readonly TaskHubStorage _storage;
    private readonly MessageDispatch _dispatch;

    internal DurableRuntime(TimeProvider clock, OwnedPartitions owned, WorkInFlight inFlight, TaskHubStorage storage, MessageDispatch dispatch)
    {
        Clock = clock;
        _owned = owned;
        _inFlight = inFlight;
        _storage = storage;
        _dispatch = dispatch;
    }

    /// <summary>The clock every orchestration, timer and history timestamp uses.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The partitions this process currently owns.</summary>
    public IReadOnlyList<int> OwnedPartitions => [.. _owned.All.Select(p => p.Partition).Order()];

    /// <summary>
    /// Moves the virtual clock to <paramref name="target"/> the way real time would pass: to each
    /// due timer in turn, waiting until the runtime is idle after each, so that every step sees
    /// the time its timer was due (not the end of the jump) and work started by one timer is done
    /// before the next fires. Returns the number of stops made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The runtime's clock is not a <see cref="VirtualTimeProvider"/>.</exception>
    public async Task<int> AdvanceClockToAsync(DateTimeOffset target, CancellationToken cancellationToken = default)
    {
        var clock = Clock as VirtualTimeProvider
            ?? throw new InvalidOperationException("The clock can only be advanced when the runtime runs on a VirtualTimeProvider (Clock:Mode Virtual).");
        var stops = 0;
        await WaitForIdleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var next = _owned.All.Select(p => p.Timers.NextDue()).Where(due => due is not null).Min();
            var stop = next is { } due && due < target ? due : target;
            if (stop > clock.GetUtcNow())
            {
                clock.AdvanceTo(stop);
            }

            stops++;
            await WaitForIdleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (stop >= target)
            {
                return stops;
            }
        }
    }

    /// <summary>Moves the virtual clock forward by <paramref name="duration"/>; see <see cref="AdvanceClockToAsync"/>.</summary>
    public Task<int> AdvanceClockAsync(TimeSpan duration, CancellationToken cancellationToken = default) =>
        AdvanceClockToAsync(Clock.GetUtcNow() + duration, cancellationToken);

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
                foreach (var partition in _owned.All)
                {
                    partition.Inbox.Wake();
                }

                _dispatch.ActivityRequests.Set();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            quietChecks = await IsQuietAsync(cancellationToken).ConfigureAwait(false) ? quietChecks + 1 : 0;
        }
    }

    private async Task<bool> IsQuietAsync(CancellationToken cancellationToken)
    {
        var partitions = _owned.All;
        var now = Clock.GetUtcNow();
        if (_inFlight.Count > 0
            || partitions.Count < _owned.PartitionCount
            || partitions.Any(p => !p.IsRecovered || p.HasDueTimers(now) || p.Inbox.Backlog > 0))
        {
            return false;
        }

        var queues = Enumerable.Range(0, _owned.PartitionCount).Select(_storage.ControlQueue).Append(_storage.WorkItems);
        var counts = await Task.WhenAll(queues.Select(queue => queue.ApproximateCountAsync(cancellationToken))).ConfigureAwait(false);
        return counts.All(count => count == 0) && _inFlight.Count == 0;
    }
}
