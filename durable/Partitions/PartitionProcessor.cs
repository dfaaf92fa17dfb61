using System.Runtime.ExceptionServices;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// Processes one partition while this worker holds its lease: recovers it from storage, then
/// polls its control queue (short intervals while busy, bounded when idle, at once when woken
/// in-process), fires its due timers, and runs the steps of its instances — different instances
/// in parallel, one step at a time per instance. Any unexpected failure ends the processor like a
/// crash; the owner starts a new one, which recovers from storage. It stops by itself, at once,
/// when its lease may have expired (<see cref="ExtendLease"/> was not called in time), and
/// gracefully — after the steps in progress — when its partition is handed over (<see cref="DrainAsync"/>).
/// </summary>
internal sealed class PartitionProcessor : IAsyncDisposable
{
    private readonly OwnedPartition _partition;
    private readonly AsyncSignal _wake;
    private readonly PartitionRecovery _recovery;
    private readonly ControlQueueReceiver _receiver;
    private readonly StepRunner _steps;
    private readonly StepCleanUps _cleanUps;
    private readonly PartitionHandOver _handOver;
    private readonly WorkInFlight _inFlight;
    private readonly AzureStorageOptions _options;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timerWake;
    private readonly LeaseWatchdog _leaseWatchdog;
    private Task _loop = Task.CompletedTask;
    private volatile bool _draining;
    private int _disposed;

    public PartitionProcessor(
        OwnedPartition partition,
        AsyncSignal wake,
        PartitionRecovery recovery,
        ControlQueueReceiver receiver,
        StepRunner steps,
        StepCleanUps cleanUps,
        PartitionHandOver handOver,
        WorkInFlight inFlight,
        AzureStorageOptions options,
        TimeProvider clock)
    {
        _partition = partition;
        _wake = wake;
        _recovery = recovery;
        _receiver = receiver;
        _steps = steps;
        _cleanUps = cleanUps;
        _handOver = handOver;
        _inFlight = inFlight;
        _options = options;
        _clock = clock;
        _timerWake = clock.CreateTimer(_ => _wake.Set(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _leaseWatchdog = new LeaseWatchdog(StopAtOnce);
    }

    public OwnedPartition Partition => _partition;

    /// <summary>Completes when the processor stops; faulted when it crashed.</summary>
    public Task Completion => _loop;

    /// <summary>True when the processor stopped because its lease may have expired.</summary>
    public bool LeaseExpired => _leaseWatchdog.Expired;

    /// <summary>
    /// The lease is known to be held until <paramref name="validUntil"/> (wall clock, a little
    /// before the storage service would let it expire). Processing stops at that time unless
    /// extended again.
    /// </summary>
    public void ExtendLease(DateTimeOffset validUntil) => _leaseWatchdog.Extend(validUntil);

    public void Start(CancellationToken workerStopping)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(workerStopping, _stop.Token);
        _loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// Stops gracefully for a hand-over: takes no more messages, lets the steps in progress finish
    /// and commit, then ends. After <paramref name="patience"/> (or before recovery finished) it
    /// stops at once instead, like a crash — which is just as safe, only slower for the next owner.
    /// </summary>
    public async Task DrainAsync(TimeSpan patience)
    {
        _draining = true;
        _partition.Inbox.StopAccepting();
        if (!_partition.IsRecovered)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        _partition.Inbox.Wake();
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

            await _handOver.SettleOutboxesAsync(_partition.Cache, deadline - TimeProvider.System.GetUtcNow()).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
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

        // Each ends at its next request and handles its own failure.
        await _cleanUps.CancelAsync().ConfigureAwait(false);
        await _cleanUps.WhenAllEnded().ConfigureAwait(false);
        _cleanUps.Dispose();

        await _timerWake.DisposeAsync().ConfigureAwait(false);
        await _leaseWatchdog.DisposeAsync().ConfigureAwait(false);
        _partition.Cache.Clear();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _recovery.RunAsync(cancellationToken).ConfigureAwait(false);
            _partition.IsRecovered = true;
            await ProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Takes no more work handed over in memory, and gives back what was taken and not processed.
            await _handOver.GiveBackAsync(_partition.Inbox.Close()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The loop: local work (due timers, messages handed over in memory) goes to the steps as it
    /// comes; the control queue is polled on its own rhythm — at once when woken for it or when a
    /// receive came back full, otherwise after the back-off, which running steps cap at a short
    /// busy interval (<see cref="ControlQueuePolling"/>). Steps run while the loop goes on
    /// (<see cref="StepScheduler"/>): a message received while other steps commit starts its own
    /// step at once. The loop receives no more while many instances wait for a step slot: their
    /// messages would only wait here, invisible to everyone, instead of in the queue.
    /// </summary>
    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        var polling = new ControlQueuePolling(_options.MinPollingInterval, _options.MaxPollingInterval, TimeProvider.System);
        var scheduler = new StepScheduler(_inFlight.Track, _options.MaxConcurrentSteps, (instanceId, items) => _steps.RunAsync(instanceId, items, cancellationToken), _wake.Set);
        Exception? ended = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !_draining)
            {
                if (_partition.Inbox.CrashRequested is { } crash)
                {
                    throw new InvalidOperationException($"Partition {_partition.Partition} must recover from storage: {crash.Message}", crash);
                }

                if (scheduler.Failure is { } stepFailure)
                {
                    ExceptionDispatchInfo.Throw(stepFailure);
                }

                scheduler.Add(TakeLocalWork());
                var pollDue = polling.IsDue(scheduler.IsBusy) || _partition.Inbox.PollRequested;
                var holdBack = pollDue && scheduler.WaitingInstances >= _options.MaxConcurrentSteps;
                if (pollDue && !holdBack)
                {
                    var woken = _partition.Inbox.PollRequested;
                    _partition.Inbox.Polled();
                    var received = await _receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                    scheduler.Add(received.Items);
                    polling.Polled(received.Count, ControlQueueReceiver.BatchSize, scheduler.IsBusy, woken);
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
            await _handOver.GiveBackAsync(left).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void StopAtOnce()
    {
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
        foreach (var (key, fireAt) in _partition.Timers.TakeDue(_clock.GetUtcNow()))
        {
            items.Add(new WorkItem(key.InstanceId, null, $"timer:{key.Generation}:{key.TimerId}", new TimerFiredEvent(-1, fireAt.UtcDateTime) { TimerId = key.TimerId }, fireAt, null));
        }

        items.AddRange(_partition.Inbox.TakeAll());
        return items;
    }

    private void ArmTimerWake()
    {
        if (_partition.Timers.NextDue() is { } due)
        {
            var wait = due - _clock.GetUtcNow();
            _timerWake.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
        }
    }
}
