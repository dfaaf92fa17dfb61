namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The storage of one task hub in one account: creates and deletes its tables, queues and
/// containers, and hands out the seam for each concern over them.
/// </summary>
internal sealed class TaskHubStorage
{
    private readonly MessageQueue[] _controlQueues;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public TaskHubStorage(StorageAccount account, TaskHubNames names, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(names);
        clock ??= TimeProvider.System;
        Account = account;
        Names = names;
        Payloads = new PayloadStore(account.Blobs.GetBlobContainerClient(names.PayloadsContainer));
        Instances = new InstanceStore(account.Tables.GetTableClient(names.HistoryTable), Payloads);
        Index = new InstanceIndex(account.Tables.GetTableClient(names.InstancesTable));
        Poison = new PoisonStore(account.Tables.GetTableClient(names.PoisonTable), Payloads, clock);
        Leases = new PartitionLeases(account.Blobs.GetBlobContainerClient(names.LeasesContainer), clock);
        WorkItems = new MessageQueue(account.Queues.GetQueueClient(names.WorkItemQueue), Payloads);
        WakeUps = new WakeUpQueue(account.Queues.GetQueueClient(names.WakeUpQueue));
        _controlQueues = names.ControlQueues.Select(name => new MessageQueue(account.Queues.GetQueueClient(name), Payloads)).ToArray();
    }

    public StorageAccount Account { get; }

    public TaskHubNames Names { get; }

    public PayloadStore Payloads { get; }

    public InstanceStore Instances { get; }

    public InstanceIndex Index { get; }

    public PoisonStore Poison { get; }

    public PartitionLeases Leases { get; }

    /// <summary>The shared queue of activity requests.</summary>
    public MessageQueue WorkItems { get; }

    /// <summary>The notes that wake a partition's owner in another process.</summary>
    public WakeUpQueue WakeUps { get; }

    /// <summary>The control queue of one partition.</summary>
    public MessageQueue ControlQueue(int partition) =>
        partition >= 0 && partition < _controlQueues.Length
            ? _controlQueues[partition]
            : throw new ArgumentOutOfRangeException(nameof(partition), partition, $"The task hub '{Names.HubName}' has partitions 0–{_controlQueues.Length - 1}.");

    /// <summary>Creates every table, queue, container and lease blob of the hub that does not exist yet, in parallel. Idempotent.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var tables = Names.Tables.Select(name => Account.Tables.GetTableClient(name).CreateIfNotExistsAsync(cancellationToken));
        var queues = Names.Queues.Select(name => Account.Queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var leases = CreateLeasesAsync(cancellationToken);
        var payloads = Payloads.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Task.WhenAll(tables.Concat<Task>(queues).Append(leases).Append(payloads)).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the hub's resources once per process (<see cref="CreateIfNotExistsAsync"/>); the
    /// client and the worker await it before their first storage operation. A failure is retried
    /// by the next caller.
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
                await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>Deletes everything of the hub: its tables, queues and containers, in parallel.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        var tables = Names.Tables.Select(name => Account.Tables.DeleteTableAsync(name, cancellationToken));
        var queues = Names.Queues.Select(name => Account.Queues.GetQueueClient(name).DeleteIfExistsAsync(cancellationToken));
        var containers = Names.Containers.Select(name => Account.Blobs.GetBlobContainerClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(tables.Concat<Task>(queues).Concat(containers)).ConfigureAwait(false);
    }

    private async Task CreateLeasesAsync(CancellationToken cancellationToken)
    {
        await Account.Blobs.GetBlobContainerClient(Names.LeasesContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await Leases.CreateBlobsAsync(Names.PartitionCount, cancellationToken).ConfigureAwait(false);
    }
}
