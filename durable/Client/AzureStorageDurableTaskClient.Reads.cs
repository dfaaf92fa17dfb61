using DurableTask.Core.History;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Client;

/// <summary>Reading instances: one, a query over the index, waiting, and history.</summary>
internal sealed partial class AzureStorageDurableTaskClient
{
    /// <inheritdoc />
    /// <remarks>One point read (and a blob read for the custom status, or the input and output when asked for, when one is too large for the row).</remarks>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
        return stored is { } found ? Metadata.From(found.State, getInputsAndOutputs, Converter) : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Pages of the instance index (status, created time, id prefix); with inputs and outputs, one
    /// more point read per instance. Continuation tokens are the index's.
    /// </remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => GetAllInstancesAsync(filter, null);

    /// <summary>As <see cref="GetAllInstancesAsync(OrchestrationQuery?)"/>, only instances of one orchestrator when <paramref name="orchestratorName"/> is given (filtered by the index).</summary>
    public AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter, string? orchestratorName) =>
        Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var query = filter ?? new OrchestrationQuery();
            var page = await QueryIndexAsync(
                new InstanceQuery
                {
                    RuntimeStatus = query.Statuses?.ToList() is { Count: > 0 } statuses ? statuses : null,
                    CreatedFrom = query.CreatedFrom,
                    CreatedTo = query.CreatedTo,
                    InstanceIdPrefix = query.InstanceIdPrefix,
                    Name = orchestratorName,
                    Top = pageSize ?? query.PageSize,
                    ContinuationToken = continuation ?? query.ContinuationToken,
                },
                cancellation).ConfigureAwait(false);
            if (!query.FetchInputsAndOutputs)
            {
                return new Page<OrchestrationMetadata>([.. page.Entries.Select(entry => Metadata.From(entry, Converter))], page.ContinuationToken);
            }

            var states = await Task.WhenAll(page.Entries.Select(entry => Storage.Instances.ReadStateAsync(entry.InstanceId, cancellation))).ConfigureAwait(false);
            var instances = page.Entries.Zip(states, (entry, state) => state is { } found ? Metadata.From(found.State, true, Converter) : Metadata.From(entry, Converter));
            return new Page<OrchestrationMetadata>([.. instances], page.ContinuationToken);
        });

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, instance => instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, instance => instance.IsCompleted, cancellation);

    /// <inheritdoc />
    /// <remarks>
    /// The current generation's events; <see cref="GetGenerationsAsync"/> has every generation's.
    /// An instance scheduled and not yet started has none.
    /// </remarks>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        var generations = await GetGenerationsAsync(instanceId, cancellation).ConfigureAwait(false);
        if (generations.Count > 0)
        {
            return [.. generations[^1].Events.Select(entry => entry.Event)];
        }

        return await Storage.Instances.ReadStateAsync(instanceId, cancellation).ConfigureAwait(false) is null
            ? throw new ArgumentException($"There is no orchestration instance '{instanceId}'.", nameof(instanceId))
            : [];
    }

    /// <summary>The whole history: every generation, oldest first, until purged.</summary>
    public async Task<IReadOnlyList<OrchestrationGeneration>> GetGenerationsAsync(string instanceId, CancellationToken cancellation = default)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var records = await Storage.Instances.ReadAllHistoryAsync(instanceId, cancellation).ConfigureAwait(false);
        return [.. records
            .GroupBy(record => record.Generation)
            .OrderBy(group => group.Key)
            .Select(group => new OrchestrationGeneration(
                group.Key,
                group.Select(record => record.Event).OfType<ExecutionStartedEvent>().FirstOrDefault()?.OrchestrationInstance?.ExecutionId ?? "",
                [.. group.Select(record => new HistoryEntry(record.Event, record.RequestedBy))]))];
    }

    /// <summary>The instance's timers that have not fired yet (a timer whose wait was cancelled stays pending until it fires).</summary>
    public async Task<IReadOnlyList<DurableTimerInfo>> GetPendingTimersAsync(string instanceId, CancellationToken cancellation = default)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        var stored = await Storage.Instances.ReadStateAsync(instanceId, withInputAndOutput: false, cancellation).ConfigureAwait(false);
        return stored is { } found
            ? [.. found.State.PendingTimers.OrderBy(timer => timer.FireAt).Select(timer => new DurableTimerInfo(timer.TimerId, timer.FireAt))]
            : [];
    }

    private async Task<IndexPage> QueryIndexAsync(InstanceQuery query, CancellationToken cancellation)
    {
        await ReadyAsync(cancellation).ConfigureAwait(false);
        return await Storage.Index.QueryAsync(query, cancellation).ConfigureAwait(false);
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var interval = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var finishedHere = _finishes.WhenFinished(instanceId);
            var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new ArgumentException($"There is no orchestration instance '{instanceId}'.", nameof(instanceId));
            if (done(instance))
            {
                return instance;
            }

            await Task.WhenAny(finishedHere, Task.Delay(interval, TimeProvider.System, cancellation)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 2000));
        }
    }
}
