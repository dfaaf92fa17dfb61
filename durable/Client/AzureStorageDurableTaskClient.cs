using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Durable.Client;

/// <summary>
/// The Durable Task SDK's client on this backend (the SDK builds it through <c>UseBuildTarget</c>).
/// Every change is a message: it returns once the message is durably stored ("accepted means
/// durable") and the partition owner applies it in order with the instance's other events. Beyond
/// the SDK's contract it records who asked for a change (<see cref="AzureStorageClientExtensions.ActingAs"/>),
/// keeps every continue-as-new generation's history, and lists pending timers.
/// </summary>
internal sealed partial class AzureStorageDurableTaskClient : DurableTaskClient
{
    private readonly TaskHubStorage _storage;
    private readonly MessageDispatch _dispatch;
    private readonly LocalFinishes _finishes;
    private readonly TimeProvider _clock;
    private readonly DurableTaskClientOptions _options;

    public AzureStorageDurableTaskClient(
        string name, TaskHubStorage storage, MessageDispatch dispatch, LocalFinishes finishes, TimeProvider clock, IOptionsMonitor<DurableTaskClientOptions> options)
        : this(name, storage, dispatch, finishes, clock, options.Get(name), requester: null)
    {
    }

    private AzureStorageDurableTaskClient(
        string name, TaskHubStorage storage, MessageDispatch dispatch, LocalFinishes finishes, TimeProvider clock, DurableTaskClientOptions options, string? requester)
        : base(name)
    {
        _storage = storage;
        _dispatch = dispatch;
        _finishes = finishes;
        _clock = clock;
        _options = options;
        Requester = requester;
    }

    /// <summary>Recorded as who asked, beside the events this client sends; null for a client acting for nobody in particular.</summary>
    public string? Requester { get; }

    private TaskHubStorage Storage => _storage;

    private DataConverter Converter => _options.DataConverter;

    /// <summary>A client that records <paramref name="requester"/> beside every change it sends.</summary>
    public AzureStorageDurableTaskClient ActingAs(string requester)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        return new AzureStorageDurableTaskClient(Name, _storage, _dispatch, _finishes, _clock, _options, requester);
    }

    /// <inheritdoc />
    /// <exception cref="OrchestrationAlreadyExistsException">An unfinished instance has the id.</exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name, nameof(orchestratorName));
        var instanceId = options?.InstanceId ?? NewId();
        InstanceIds.Validate(instanceId);
        var version = options?.Version?.Version is { Length: > 0 } given ? given : _options.DefaultVersion ?? "";
        return await StartAsync(instanceId, orchestratorName.Name, version, Converter.Serialize(input), options?.StartAt, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, Converter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionTerminatedEvent(-1, Converter.Serialize(options?.Output)), cancellation);

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">There is no such instance.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">The instance is still running and its id is kept.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"There is no orchestration instance '{instanceId}' to restart.", nameof(instanceId));
        var state = stored.State;
        var newId = restartWithNewInstanceId ? NewId() : instanceId;
        return await StartAsync(newId, state.Name, state.Version, state.Input, null, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, cancellation).ConfigureAwait(false);
        if (stored is not { } found)
        {
            return new PurgeResult(0);
        }

        if (!found.State.IsTerminal)
        {
            throw new InvalidOperationException($"Orchestration instance '{instanceId}' is {found.State.RuntimeStatus}; terminate it before purging.");
        }

        await Storage.Instances.PurgeAsync(instanceId, cancellation).ConfigureAwait(false);
        await Storage.Index.DeleteAsync(instanceId, found.State.Partition, cancellation).ConfigureAwait(false);
        return new PurgeResult(1);
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses?.ToList() is { Count: > 0 } given
            ? [.. given.Where(status => status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)]
            : new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };
        var purged = 0;
        string? continuation = null;
        do
        {
            var page = await QueryIndexAsync(
                new InstanceQuery { RuntimeStatus = statuses, CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, Top = 100, ContinuationToken = continuation },
                cancellation).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                try
                {
                    purged += (await PurgeInstanceAsync(entry.InstanceId, options, cancellation).ConfigureAwait(false)).PurgedInstanceCount;
                }
                catch (InvalidOperationException)
                {
                    // Restarted since the index was read: no longer finished, so not purged.
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return new PurgeResult(purged);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ValueTask ReadyAsync(CancellationToken cancellationToken) => _storage.EnsureCreatedAsync(cancellationToken);

    private async Task<string> StartAsync(string instanceId, string name, string version, string? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var executionId = NewId();
        var started = CoreEvents.Started(instanceId, executionId, name, version, input, 0, null, startAt, now.UtcDateTime);
        var start = new OrchestrationMessage(NewId(), now, instanceId, executionId, started, Requester);
        var state = new InstanceState
        {
            InstanceId = instanceId,
            Name = name,
            Version = version,
            ExecutionId = executionId,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            Input = input,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startAt,
            Partition = PartitionMap.PartitionOf(instanceId, _storage.Names.PartitionCount),
            OutboxIds = [start.MessageId],
            IndexedStatus = OrchestrationRuntimeStatus.Pending,
        };

        // The index first: if this process dies after the commit, recovery finds the instance
        // through the index and delivers the start from its outbox.
        await Storage.Index.UpsertAsync(IndexEntry.From(state), cancellationToken).ConfigureAwait(false);
        try
        {
            var etag = await Storage.Instances.CommitAsync(new StepCommit(state, null, [], [start], []), cancellationToken).ConfigureAwait(false);

            // Durable now (the state and its outbox row): a partition owner in this process takes it in memory.
            await _dispatch.DeliverStartAsync(start, state, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceAlreadyExistsException)
        {
            var restarted = await ReplaceFinishedAsync(state, start, cancellationToken).ConfigureAwait(false);
            await _dispatch.SendAsync(restarted, cancellationToken).ConfigureAwait(false);
        }

        return instanceId;
    }

    /// <summary>Reuses the id of a finished instance: a new generation, so its old history stays readable.</summary>
    private async Task<OrchestrationMessage> ReplaceFinishedAsync(InstanceState state, OrchestrationMessage start, CancellationToken cancellationToken)
    {
        var existing = await Storage.Instances.ReadStateAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
        if (existing is not { } found || !found.State.IsTerminal)
        {
            if (existing is { } running)
            {
                // The index entry was overwritten above: put back the running instance's.
                await Storage.Index.UpsertAsync(IndexEntry.From(running.State), cancellationToken).ConfigureAwait(false);
                throw AlreadyExists(state.InstanceId, running.State.RuntimeStatus);
            }

            throw AlreadyExists(state.InstanceId, OrchestrationRuntimeStatus.Pending);
        }

        var generation = found.State.Generation + 1;
        var restarted = state with { Generation = generation, RecentMessageIds = found.State.RecentMessageIds };
        ((ExecutionStartedEvent)start.Event).Generation = generation;
        try
        {
            await Storage.Instances.CommitAsync(new StepCommit(restarted, found.ETag, [], [start], []), cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceConflictException)
        {
            throw AlreadyExists(state.InstanceId, OrchestrationRuntimeStatus.Pending);
        }

        return start;
    }

    private static OrchestrationAlreadyExistsException AlreadyExists(string instanceId, OrchestrationRuntimeStatus status) =>
        new($"An orchestration instance '{instanceId}' already exists and is {status}. Use another id, or wait until it has finished.");

    private async Task SendAsync(string instanceId, HistoryEvent historyEvent, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        InstanceIds.Validate(instanceId);
        var now = _clock.GetUtcNow();
        historyEvent.Timestamp = now.UtcDateTime;
        await _dispatch.SendAsync(new OrchestrationMessage(NewId(), now, instanceId, null, historyEvent, Requester), cancellationToken).ConfigureAwait(false);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
