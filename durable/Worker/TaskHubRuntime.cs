using System.Collections.Concurrent;
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
        DurableTaskOptions options,
        StorageAccount account,
        DurableTaskRegistry registry,
        IServiceProvider services,
        TimeProvider clock,
        ILoggerFactory? loggerFactory = null,
        IFaultInjector? faults = null)
    {
        options.Validate();
        Options = options;
        Registry = registry;
        Services = services;
        Clock = clock;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger("HaH.Orchestration.Durable");
        Faults = faults ?? NoFaults.Instance;
        Storage = new TaskHubStorage(account, new TaskHubNames(options.TaskHub, options.PartitionCount), clock);
    }

    public DurableTaskOptions Options { get; }

    public TaskHubStorage Storage { get; }

    public DurableTaskRegistry Registry { get; }

    public IServiceProvider Services { get; }

    public TimeProvider Clock { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    public IFaultInjector Faults { get; }

    /// <summary>Wakes this process's activity worker when an activity request is sent from here.</summary>
    public AsyncSignal ActivityWake { get; } = new();

    /// <summary>Work started and not finished in this process (steps, activities, deliveries).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int PartitionOf(string instanceId) => PartitionMap.PartitionOf(instanceId, Options.PartitionCount);

    public IReadOnlyCollection<PartitionProcessor> OwnedPartitions => _ownedPartitions.Values.ToArray();

    public void Owns(PartitionProcessor partition) => _ownedPartitions[partition.Partition] = partition;

    public void Disowns(PartitionProcessor partition) => _ownedPartitions.TryRemove(new KeyValuePair<int, PartitionProcessor>(partition.Partition, partition));

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

    /// <summary>Sends a message to its queue and wakes the local consumer, if this process has it.</summary>
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
                await Storage.ControlQueue(partition).SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (_ownedPartitions.TryGetValue(partition, out var owner))
                {
                    owner.Wake();
                }

                break;
            default:
                throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message));
        }
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
