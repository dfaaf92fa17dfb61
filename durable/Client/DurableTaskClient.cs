using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Client;

/// <summary>
/// Starts, signals, inspects and manages orchestration instances. Every change is a message:
/// it returns once the message is durably stored ("accepted means durable") and the partition
/// owner applies it in order with the instance's other events.
/// </summary>
public sealed class DurableTaskClient
{
    private readonly TaskHubRuntime _runtime;
    private readonly string? _requester;

    internal DurableTaskClient(TaskHubRuntime runtime, string? requester = null)
    {
        _runtime = runtime;
        _requester = requester;
    }

    /// <summary>
    /// A client that records <paramref name="requester"/> (e.g. an administrator's key name) as
    /// <c>RequestedBy</c> on the events it raises, terminations, suspensions, resumptions and
    /// restarts, so that an instance's history shows who did what.
    /// </summary>
    public DurableTaskClient ActingAs(string requester)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requester);
        return new DurableTaskClient(_runtime, requester);
    }

    private TaskHubStorage Storage => _runtime.Storage;

    private ValueTask ReadyAsync(CancellationToken cancellationToken) => _runtime.EnsureCreatedAsync(cancellationToken);

    /// <summary>Starts a new instance; returns its id once the start is durably stored.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">An unfinished instance has the id.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        InstanceIds.Validate(instanceId);
        var version = options?.Version ?? _runtime.Registry.GetDefaultVersion(orchestratorName) ?? "";
        return await StartAsync(instanceId, orchestratorName, version, PayloadSerializer.Serialize(input), options?.StartAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an event to an instance (accepted once stored; an unknown instance drops it).</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var messageId = NewId();
        return SendAsync(instanceId, messageId, new EventRaised(eventName, PayloadSerializer.Serialize(eventPayload)) { MessageId = messageId, RequestedBy = _requester }, cancellationToken);
    }

    /// <summary>Ends an instance with status Terminated; its output is the reason.</summary>
    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var messageId = NewId();
        return SendAsync(instanceId, messageId, new ExecutionTerminated(reason) { MessageId = messageId, RequestedBy = _requester }, cancellationToken);
    }

    /// <summary>Suspends an instance: its events wait until it is resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var messageId = NewId();
        return SendAsync(instanceId, messageId, new ExecutionSuspended(reason) { MessageId = messageId, RequestedBy = _requester }, cancellationToken);
    }

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var messageId = NewId();
        return SendAsync(instanceId, messageId, new ExecutionResumed(reason) { MessageId = messageId, RequestedBy = _requester }, cancellationToken);
    }

    /// <summary>
    /// The instance, or null when it does not exist. One point read (and a blob read for the custom
    /// status, or the input and output when asked for, when one is too large for the row).
    /// </summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
        return stored is { } found ? Metadata.From(found.State, getInputsAndOutputs) : null;
    }

    /// <summary>One page of instances matching the query, from the instance index.</summary>
    public async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(query);
        var page = await Storage.Index.QueryAsync(
            new InstanceQuery
            {
                RuntimeStatus = query.Statuses,
                CreatedFrom = query.CreatedFrom,
                CreatedTo = query.CreatedTo,
                InstanceIdPrefix = query.InstanceIdPrefix,
                Name = query.Name,
                Top = query.PageSize,
                ContinuationToken = query.ContinuationToken,
            },
            cancellationToken).ConfigureAwait(false);
        if (!query.FetchInputsAndOutputs)
        {
            return new OrchestrationQueryPage([.. page.Entries.Select(Metadata.From)], page.ContinuationToken);
        }

        var states = await Task.WhenAll(page.Entries.Select(entry => Storage.Instances.ReadStateAsync(entry.InstanceId, cancellationToken))).ConfigureAwait(false);
        var instances = page.Entries.Zip(states, (entry, state) => state is { } found ? Metadata.From(found.State, true) : Metadata.From(entry));
        return new OrchestrationQueryPage([.. instances], page.ContinuationToken);
    }

    /// <summary>The whole history: every generation, oldest first, until purged.</summary>
    public async Task<IReadOnlyList<OrchestrationGeneration>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var records = await Storage.Instances.ReadAllHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return [.. records
            .GroupBy(record => record.Generation)
            .OrderBy(group => group.Key)
            .Select(group => new OrchestrationGeneration(
                group.Key,
                group.Select(record => record.Event).OfType<ExecutionStarted>().FirstOrDefault()?.ExecutionId ?? "",
                [.. group.Select(record => record.Event)]))];
    }

    /// <summary>The instance's timers that have neither fired nor been cancelled.</summary>
    public async Task<IReadOnlyList<DurableTimerInfo>> GetPendingTimersAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return stored is { } found
            ? [.. found.State.PendingTimers.OrderBy(timer => timer.FireAt).Select(timer => new DurableTimerInfo(timer.TimerId, timer.FireAt))]
            : [];
    }

    /// <summary>Starts a finished instance again with its input: under the same id, or a new one.</summary>
    /// <exception cref="InvalidOperationException">The instance does not exist, or is still running and the id is kept.</exception>
    public async Task<string> RestartInstanceAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"There is no orchestration instance '{instanceId}' to restart.");
        var state = stored.State;
        var newId = restartWithNewInstanceId ? NewId() : instanceId;
        return await StartAsync(newId, state.Name, state.Version, state.Input, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a finished instance's state, history and index entry; false when it did not exist.</summary>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (stored is not { } found)
        {
            return false;
        }

        if (!found.State.IsTerminal)
        {
            throw new InvalidOperationException($"Orchestration instance '{instanceId}' is {found.State.RuntimeStatus}; terminate it before purging.");
        }

        await Storage.Instances.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false);
        await Storage.Index.DeleteAsync(instanceId, found.State.Partition, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Purges every finished instance matching the filter; returns how many were purged.</summary>
    public async Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses is { Count: > 0 } given
            ? [.. given.Where(status => status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)]
            : new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };
        var purged = 0;
        string? continuation = null;
        do
        {
            var page = await QueryInstancesAsync(
                new OrchestrationQuery { Statuses = statuses, CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, ContinuationToken = continuation },
                cancellationToken).ConfigureAwait(false);
            foreach (var instance in page.Instances)
            {
                try
                {
                    purged += await PurgeInstanceAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
                catch (InvalidOperationException)
                {
                    // Restarted since the index was read: no longer finished, so not purged.
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return purged;
    }

    /// <summary>Waits until the instance has finished (Completed, Failed or Terminated).</summary>
    /// <exception cref="InvalidOperationException">The instance does not exist.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var interval = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var finishedHere = _runtime.WhenFinishedLocally(instanceId);
            var instance = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"There is no orchestration instance '{instanceId}'.");
            if (instance.IsCompleted)
            {
                return instance;
            }

            await Task.WhenAny(finishedHere, Task.Delay(interval, TimeProvider.System, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 2000));
        }
    }

    private async Task<string> StartAsync(string instanceId, string name, string version, string? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        var now = _runtime.Clock.GetUtcNow();
        var executionId = NewId();
        var start = new OrchestrationMessage(NewId(), now, instanceId, executionId, new ExecutionStarted(name, version, input)
        {
            ExecutionId = executionId,
            ScheduledStartTime = startAt,
            Timestamp = now,
            RequestedBy = _requester,
        });
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
            Partition = _runtime.PartitionOf(instanceId),
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
            await _runtime.DeliverStartAsync(start, state, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceAlreadyExistsException)
        {
            await ReplaceFinishedAsync(state, start, cancellationToken).ConfigureAwait(false);
            await _runtime.SendAsync(start, cancellationToken).ConfigureAwait(false);
        }

        return instanceId;
    }

    /// <summary>Reuses the id of a finished instance: a new generation, so its old history stays readable.</summary>
    private async Task ReplaceFinishedAsync(InstanceState state, OrchestrationMessage start, CancellationToken cancellationToken)
    {
        var existing = await Storage.Instances.ReadStateAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
        if (existing is not { } found || !found.State.IsTerminal)
        {
            if (existing is { } running)
            {
                // The index entry was overwritten above: put back the running instance's.
                await Storage.Index.UpsertAsync(IndexEntry.From(running.State), cancellationToken).ConfigureAwait(false);
                throw new OrchestrationAlreadyExistsException(state.InstanceId, running.State.RuntimeStatus);
            }

            throw new OrchestrationAlreadyExistsException(state.InstanceId, OrchestrationRuntimeStatus.Pending);
        }

        var generation = found.State.Generation + 1;
        var restarted = state with { Generation = generation, RecentMessageIds = found.State.RecentMessageIds };
        var message = start with { Event = ((ExecutionStarted)start.Event) with { Generation = generation } };
        try
        {
            await Storage.Instances.CommitAsync(new StepCommit(restarted, found.ETag, [], [message], []), cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceConflictException)
        {
            throw new OrchestrationAlreadyExistsException(state.InstanceId, OrchestrationRuntimeStatus.Pending);
        }
    }

    private async Task SendAsync(string instanceId, string messageId, HistoryEvent historyEvent, CancellationToken cancellationToken)
    {
        await ReadyAsync(cancellationToken).ConfigureAwait(false);
        InstanceIds.Validate(instanceId);
        var message = new OrchestrationMessage(messageId, _runtime.Clock.GetUtcNow(), instanceId, null, historyEvent with { Timestamp = _runtime.Clock.GetUtcNow() });
        await _runtime.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
