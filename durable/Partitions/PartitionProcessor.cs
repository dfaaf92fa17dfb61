using DurableTask.Core.History;
using DurableTask.Core;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Timers;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// Processes one partition while this worker holds its lease: polls its control queue (short
/// intervals while busy, bounded when idle, at once when woken in-process), fires its due
/// timers, and runs the steps of its instances — different instances in parallel, one step at
/// a time per instance. Any unexpected failure ends the processor like a crash; the owner
/// starts a new one, which recovers from storage. It stops by itself, at once, when its lease
/// may have expired (<see cref="ExtendLease"/> was not called in time), and gracefully — after
/// the step in progress — when its partition is handed over (<see cref="DrainAsync"/>).
/// </summary>
internal sealed class PartitionProcessor : IAsyncDisposable
{
    private readonly TaskHubRuntime _runtime;
    private readonly AsyncSignal _wake = new();
    private readonly ConcurrentQueue<WorkItem> _local = new();
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, byte> _runningLocally = new(StringComparer.Ordinal);
    private readonly StepCleanUps _cleanUps;
    private readonly CancellationTokenSource _stop = new();
    private readonly StepRunner _steps;
    private readonly ITimer _timerWake;
    private readonly ITimer _leaseWatchdog;
    private Task _loop = Task.CompletedTask;
    private volatile bool _draining;
    private volatile bool _leaseExpired;
    private volatile bool _closed;
    private volatile bool _pollNow;
    private volatile Exception? _crash;
    private int _disposed;

    public PartitionProcessor(TaskHubRuntime runtime, int partition, string leaseId)
    {
        _runtime = runtime;
        Partition = partition;
        LeaseId = leaseId;
        Cache = new InstanceCache(runtime.Options.MaxCachedInstances);
        _steps = new StepRunner(runtime, this);
        _cleanUps = new StepCleanUps(runtime, partition);
        _timerWake = runtime.Clock.CreateTimer(_ => _wake.Set(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Leases are wall-clock time, whatever clock the orchestrations see.
        _leaseWatchdog = TimeProvider.System.CreateTimer(_ => ExpireLease(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Partition { get; }

    public string LeaseId { get; }

    public InstanceCache Cache { get; }

    public TimerSchedule Timers { get; } = new();

    /// <summary>Completes when the processor stops; faulted when it crashed.</summary>
    public Task Completion => _loop;

    /// <summary>True once recovery finished and the processor takes messages.</summary>
    public bool IsRecovered { get; private set; }

    /// <summary>Timers due now (by the runtime's clock) that have not been taken yet.</summary>
    public bool HasDueTimers => Timers.NextDue() is { } due && due <= _runtime.Clock.GetUtcNow();

    public int LocalBacklog => _local.Count;

    /// <summary>True while work handed over in memory (<see cref="TryEnqueue"/>) will be taken.</summary>
    public bool IsAccepting => !_closed && !_draining;

    /// <summary>True when the processor stopped because its lease may have expired.</summary>
    public bool LeaseExpired => _leaseExpired;

    /// <summary>
    /// The lease is known to be held until <paramref name="validUntil"/> (wall clock, a little
    /// before the storage service would let it expire). Processing stops at that time unless
    /// extended again: a worker that cannot renew its lease must not go on as if it owned the partition.
    /// </summary>
    public void ExtendLease(DateTimeOffset validUntil)
    {
        var wait = validUntil - TimeProvider.System.GetUtcNow();
        _leaseWatchdog.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Stops gracefully for a hand-over: takes no more messages, lets the steps in progress finish
    /// and commit, then ends. After <paramref name="patience"/> (or before recovery finished) it
    /// stops at once instead, like a crash — which is just as safe, only slower for the next owner.
    /// </summary>
    public async Task DrainAsync(TimeSpan patience)
    {
        _draining = true;
        if (!IsRecovered)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        Wake();
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        if (await Task.WhenAny(_loop, Task.Delay(patience, TimeProvider.System)).ConfigureAwait(false) != _loop)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        else if (_loop.IsCompletedSuccessfully)
        {
            // Consumed messages the next owner would otherwise receive again (and drop) after their visibility time-out.
            var left = deadline - TimeProvider.System.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await Task.WhenAny(_cleanUps.WhenAllEnded(), Task.Delay(left, TimeProvider.System)).ConfigureAwait(false);
            }
            await PartitionHandOver.SettleOutboxesAsync(_runtime, Cache, deadline - TimeProvider.System.GetUtcNow()).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public void Start(CancellationToken workerStopping)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(workerStopping, _stop.Token);
        _loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
    }

    /// <summary>Polls the control queue now (a message was sent to it) and looks at the local work.</summary>
    public void Wake()
    {
        _pollNow = true;
        _wake.Set();
    }

    /// <summary>
    /// Takes an item handed over in memory for a step of this partition; false when the processor
    /// no longer takes work (the caller then sends or gives back the message). Items accepted and
    /// not processed when the processor stops are given back to the control queue.
    /// </summary>
    public bool TryEnqueue(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (!IsAccepting)
            {
                return false;
            }

            _local.Enqueue(item);
        }

        _wake.Set();
        return true;
    }

    /// <summary>
    /// Ends the processor as if it had crashed: the owner starts a new one, which recovers the
    /// partition from storage (and so sends again what only memory held, e.g. a local activity's request).
    /// </summary>
    public void Crash(Exception reason)
    {
        _crash ??= reason;
        _wake.Set();
    }

    /// <summary>Runs clean-up after a step (deleting the messages it consumed) without holding up the instance's next step; see <see cref="StepCleanUps"/>.</summary>
    public void CleanUpLater(Func<CancellationToken, Task> work) => _cleanUps.Run(work, _stop.Token);

    /// <summary>An activity request of this partition's outbox runs in this process (it is not sent while it does).</summary>
    public void LocalActivityStarted(string requestId) => _runningLocally[requestId] = 0;

    public void LocalActivityEnded(string requestId) => _runningLocally.TryRemove(requestId, out _);

    /// <summary>True while the outbox message runs as a local activity: reloading its instance must not send it.</summary>
    public bool IsRunningLocally(string requestId) => _runningLocally.ContainsKey(requestId);

    /// <summary>Replaces the instance's timers in the schedule with those of its committed state.</summary>
    public void ScheduleTimers(InstanceState state)
    {
        Timers.RemoveInstance(state.InstanceId);
        if (state.IsTerminal || state.RuntimeStatus == OrchestrationRuntimeStatus.Suspended)
        {
            return;
        }

        foreach (var timer in state.PendingTimers)
        {
            Timers.Add(new TimerKey(state.InstanceId, state.Generation, timer.TimerId), timer.FireAt);
        }

        _wake.Set();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || _loop.IsFaulted)
        {
            // Stopping, or crashed (any exception, not only an injected one): the owner has
            // reported the crash and starts a new processor, which must not wait for the lease
            // this one still holds to expire.
        }

        // Cancelled above; each ends at its next request and handles its own failure.
        await _cleanUps.WhenAllEnded().ConfigureAwait(false);

        await _timerWake.DisposeAsync().ConfigureAwait(false);
        await _leaseWatchdog.DisposeAsync().ConfigureAwait(false);
        Cache.Clear();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await new PartitionRecovery(_runtime, this).RunAsync(cancellationToken).ConfigureAwait(false);
            IsRecovered = true;
            await ProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The loop: local work (due timers, messages handed over in memory) goes to the steps as it
    /// comes; the control queue is polled on its own rhythm — at once when woken for it or when a
    /// receive came back full, otherwise after the back-off, which running steps cap at a short
    /// busy interval (<see cref="ControlQueuePolling"/>). Steps run while the loop goes on
    /// (<see cref="StepScheduler"/>): a message received while other steps commit starts its own
    /// step at once. The loop receives
    /// no more while many instances wait for a step slot: their messages would only wait here,
    /// invisible to everyone, instead of in the queue.
    /// </summary>
    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        var receiver = new ControlQueueReceiver(_runtime, Partition, FailPoisonedAsync);
        var options = _runtime.Options;
        var polling = new ControlQueuePolling(options.MinPollingInterval, options.MaxPollingInterval, TimeProvider.System);
        var scheduler = new StepScheduler(_runtime.Track, options.MaxConcurrentSteps, (instanceId, items) => _steps.RunAsync(instanceId, items, cancellationToken), _wake.Set);
        Exception? ended = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !_draining)
            {
                if (_crash is { } crash)
                {
                    throw new InvalidOperationException($"Partition {Partition} must recover from storage: {crash.Message}", crash);
                }

                if (scheduler.Failure is { } stepFailure)
                {
                    ExceptionDispatchInfo.Throw(stepFailure);
                }

                scheduler.Add(TakeLocalWork());
                var pollDue = polling.IsDue(scheduler.IsBusy) || _pollNow;
                var holdBack = pollDue && scheduler.WaitingInstances >= options.MaxConcurrentSteps;
                if (pollDue && !holdBack)
                {
                    _pollNow = false;
                    var received = await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                    scheduler.Add(received.Items);
                    polling.Polled(received.Count, ControlQueueReceiver.BatchSize, scheduler.IsBusy);
                }

                // Holding back, the poll is overdue: the end of a step wakes the loop to poll then.
                ArmTimerWake();
                await _wake.WaitAsync(holdBack ? polling.BusyInterval : polling.UntilNext, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            ended = ex;
        }

        // Whatever ended the loop, no step of this processor runs on after it. What the steps did
        // not complete goes back at once rather than after its visibility time-out (a redelivery
        // still counts towards the poison limit) — unless a crash is simulated: a process that
        // dies gives nothing back.
        var left = await scheduler.StopAsync().ConfigureAwait(false);
        var failure = ended ?? (scheduler.Failure is OperationCanceledException ? null : scheduler.Failure);
        if (failure is not InjectedFaultException)
        {
            await PartitionHandOver.GiveBackAsync(_runtime, Partition, left).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Takes no more work handed over in memory, and gives back what was taken and not processed.</summary>
    private async Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        var left = new List<WorkItem>();
        while (_local.TryDequeue(out var item))
        {
            left.Add(item);
        }

        await PartitionHandOver.GiveBackAsync(_runtime, Partition, left).ConfigureAwait(false);
    }

    private void ExpireLease()
    {
        _leaseExpired = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    private List<WorkItem> TakeLocalWork()
    {
        var items = new List<WorkItem>();
        foreach (var (key, fireAt) in Timers.TakeDue(_runtime.Clock.GetUtcNow()))
        {
            items.Add(new WorkItem(key.InstanceId, null, $"timer:{key.Generation}:{key.TimerId}", new TimerFiredEvent(-1, fireAt.UtcDateTime) { TimerId = key.TimerId }, fireAt, null));
        }

        while (_local.TryDequeue(out var local))
        {
            items.Add(local);
        }

        return items;
    }

    private Task FailPoisonedAsync(string instanceId, FailureDetails failure, CancellationToken cancellationToken)
    {
        Cache.Remove(instanceId);
        return _steps.FailAsync(instanceId, failure, cancellationToken);
    }

    private void ArmTimerWake()
    {
        if (Timers.NextDue() is { } due)
        {
            var wait = due - _runtime.Clock.GetUtcNow();
            _timerWake.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
    }
}
