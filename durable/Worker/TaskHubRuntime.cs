using System.Collections.Concurrent;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Everything the client and the worker of one task hub share in a process: settings, storage,
/// the registry, the clock, and the in-process wake-ups that let a message sent here be picked
/// up at once by this process's partition owner or activity worker.
/// </summary>
internal sealed class TaskHubRuntime
{
    private readonly ConcurrentDictionary<int, PartitionProcessor> _ownedPartitions = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finishWaiters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;
    private int _inFlight;

    public TaskHubRuntime(
        AzureStorageOptions options,
        StorageAccount account,
        TimeProvider clock,
        ILoggerFactory? loggerFactory = null,
        IFaultInjector? faults = null)
    {
        options.Validate();
        Options = options;
        Clock = clock;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("HaH.Orchestration.Durable");
        Faults = faults ?? NoFaults.Instance;
        Storage = new TaskHubStorage(account, new TaskHubNames(options.TaskHub, options.PartitionCount), clock);
        Activities = new ActivityRunner(this);
    }

    public AzureStorageOptions Options { get; }

    public TaskHubStorage Storage { get; }

    /// <summary>The worker's orchestrators and activities; null in a process that only runs a client.</summary>
    public OrchestrationTasks? Tasks { get; private set; }

    public TimeProvider Clock { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public IFaultInjector Faults { get; }

    /// <summary>Runs this process's activities: from the work-item queue, or dispatched locally by a partition owner.</summary>
    public ActivityRunner Activities { get; }

    /// <summary>Wakes this process's activity worker when an activity request is sent from here.</summary>
    public AsyncSignal ActivityWake { get; } = new();

    /// <summary>Work started and not finished in this process (steps, activities, deliveries).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Called by the worker before it starts: the tasks its steps and activities run.</summary>
    public void Attach(OrchestrationTasks tasks) => Tasks = tasks;

    public int PartitionOf(string instanceId) => PartitionMap.PartitionOf(instanceId, Options.PartitionCount);

    public IReadOnlyCollection<PartitionProcessor> OwnedPartitions => _ownedPartitions.Values.ToArray();

    public void Owns(PartitionProcessor partition) => _ownedPartitions[partition.Partition] = partition;

    public void Disowns(PartitionProcessor partition) => _ownedPartitions.TryRemove(new KeyValuePair<int, PartitionProcessor>(partition.Partition, partition));

    /// <summary>This process's processor of the instance's partition, if it owns it.</summary>
    public PartitionProcessor? OwnerOf(string instanceId) => _ownedPartitions.GetValueOrDefault(PartitionOf(instanceId));

    /// <summary>
    /// Creates the task hub's tables, queues and containers once per process; callers await it
    /// before their first storage operation. A failure is retried by the next caller.
    /// </summary>
    public async ValueTask EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Storage.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>
    /// Sends a message to its queue. When this process owns the target's partition, the message is
    /// sent hidden and handed to the owner in memory (it deletes it after its commit, with the send's
    /// receipt): no receive, no polling delay; should the owner stop first, the message is given back
    /// or reappears after <c>MessageVisibilityTimeout</c>. Otherwise the local consumer, if any, is woken.
    /// </summary>
    public async Task SendAsync(WorkMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case ActivityRequest:
                await Storage.WorkItems.SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                ActivityWake.Set();
                break;
            case OrchestrationMessage orchestration:
                var partition = PartitionOf(orchestration.InstanceId);
                var queue = Storage.ControlQueue(partition);
                if (_ownedPartitions.TryGetValue(partition, out var owner) && owner.IsAccepting)
                {
                    var hidden = await queue.SendHiddenAsync(message, Options.MessageVisibilityTimeout, cancellationToken).ConfigureAwait(false);
                    if (!owner.TryEnqueue(WorkItem.From(orchestration, hidden)))
                    {
                        await queue.TryReleaseAsync(hidden, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }

                await queue.SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                owner?.Wake();
                break;
            default:
                throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }
    }

    /// <summary>
    /// Delivers the start of an instance whose state and outbox a client has just committed. When
    /// this process owns the partition, the start is handed over in memory together with the
    /// committed state (no send, receive, delete or state read): it is durable as the outbox row,
    /// which recovery delivers should the owner stop first. Otherwise it is sent.
    /// </summary>
    public async Task DeliverStartAsync(OrchestrationMessage start, InstanceState state, Azure.ETag etag, CancellationToken cancellationToken)
    {
        if (OwnerOf(start.InstanceId) is { IsAccepting: true } owner)
        {
            owner.Cache.TryAdd(start.InstanceId, new CachedInstance(state, etag));
            if (owner.TryEnqueue(new WorkItem(start.InstanceId, start.ExecutionId, start.MessageId, start.Event, start.SentAt, null) { InMemory = start, RequestedBy = start.RequestedBy }))
            {
                return;
            }
        }

        await SendAsync(start, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks work as started until the returned scope is disposed (for idle detection).</summary>
    public InFlightScope Track()
    {
        Interlocked.Increment(ref _inFlight);
        return new InFlightScope(this);
    }

    /// <summary>Completes when this process sees the instance finish (a hint; callers still read storage).</summary>
    public Task WhenFinishedLocally(string instanceId) =>
        _finishWaiters.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void NotifyFinished(string instanceId)
    {
        if (_finishWaiters.TryRemove(instanceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Ends one unit of in-flight work; disposing it twice, or a default one, does nothing more.</summary>
    internal sealed class InFlightScope(TaskHubRuntime runtime) : IDisposable
    {
        private TaskHubRuntime? _runtime = runtime;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _runtime, null) is { } owner)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}
