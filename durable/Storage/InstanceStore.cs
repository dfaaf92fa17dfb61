using Azure;
using Azure.Data.Tables;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// An instance's whole durable state in one partition of <c>{hub}History</c> (PartitionKey = the
/// encoded instance id): the state row, the history rows of every generation and the outbox rows.
/// A step commits in one entity-group transaction guarded by the state row's ETag.
/// </summary>
internal sealed partial class InstanceStore(TableClient history, PayloadStore payloads)
{
    /// <summary>Called after each batch but the last of a multi-batch commit, with the batch's number. For tests only.</summary>
    internal Func<int, Task>? BetweenBatchesForTests { get; set; }

    /// <summary>The instance's state and its ETag, or null when there is no such instance. One point read.</summary>
    public Task<(InstanceState State, ETag ETag)?> ReadStateAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadStateAsync(instanceId, withInputAndOutput: true, cancellationToken);

    /// <summary>
    /// The instance's state and its ETag, or null when there is no such instance: one point read,
    /// plus one blob read for each payload kept in a blob. Without <paramref name="withInputAndOutput"/>
    /// the input and output stay unread (null), so a status read never downloads them.
    /// </summary>
    public async Task<(InstanceState State, ETag ETag)?> ReadStateAsync(string instanceId, bool withInputAndOutput, CancellationToken cancellationToken = default)
    {
        var row = await history.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(instanceId), StateRow.RowKey(TableKey.Encode(instanceId)), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!row.HasValue || row.Value is not { } entity || StateRow.IsPlaceholder(entity))
        {
            return null;
        }

        return (await StateRow.ReadAsync(entity, payloads, withInputAndOutput, cancellationToken).ConfigureAwait(false), entity.ETag);
    }

    /// <summary>
    /// The first <paramref name="historyLength"/> events of one generation, in order: one
    /// single-partition range query. Rows past the length (left by an unfinished commit) are not read.
    /// </summary>
    public async Task<IReadOnlyList<HistoryRecord>> ReadHistoryAsync(
        string instanceId, int generation, int historyLength, CancellationToken cancellationToken = default)
    {
        if (historyLength <= 0)
        {
            return [];
        }

        var records = await QueryHistoryAsync(
            instanceId, HistoryRows.GenerationPrefix(generation), HistoryRows.Bound(generation, historyLength), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < historyLength; i++)
        {
            if (i >= records.Count || records[i].Sequence != i)
            {
                throw new InvalidOperationException(
                    $"The history of instance '{instanceId}' generation {generation} should hold events 0–{historyLength - 1}, " +
                    $"but event {i} is missing (found {records.Count} rows). The partition was changed outside the runtime or is damaged.");
            }
        }

        return records;
    }

    /// <summary>
    /// Every generation's committed events, oldest generation first (for management). A past
    /// generation ends with its first <c>ExecutionCompleted</c> (or <c>ContinueAsNew</c>); the current one at the
    /// state's history length. Costs a point read and a single-partition query.
    /// </summary>
    public async Task<IReadOnlyList<HistoryRecord>> ReadAllHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (await ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false) is not var (state, _))
        {
            return [];
        }

        var rows = await QueryHistoryAsync(instanceId, HistoryRows.Prefix, HistoryRows.UpperBound, cancellationToken).ConfigureAwait(false);
        var committed = new List<HistoryRecord>();
        foreach (var generation in rows.GroupBy(record => record.Generation).Where(group => group.Key <= state.Generation))
        {
            var next = 0;
            foreach (var record in generation)
            {
                var isPast = generation.Key < state.Generation;
                if (record.Sequence != next || (!isPast && next >= state.HistoryLength))
                {
                    break;
                }

                committed.Add(record);
                next++;
                if (isPast && record.Event is ExecutionCompletedEvent)
                {
                    break;
                }
            }
        }

        return committed;
    }

    /// <summary>The outbox messages among <paramref name="messageIds"/> that are still stored (point reads, in parallel).</summary>
    public async Task<IReadOnlyList<WorkMessage>> ReadOutboxAsync(string instanceId, IEnumerable<string> messageIds, CancellationToken cancellationToken = default)
    {
        var partitionKey = TableKey.Encode(instanceId);
        var reads = messageIds.Select(async messageId =>
        {
            var row = await history.GetEntityIfExistsAsync<TableEntity>(partitionKey, OutboxRows.RowKey(messageId), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return row.HasValue && row.Value is { } entity ? await OutboxRows.ReadAsync(entity, payloads, cancellationToken).ConfigureAwait(false) : null;
        });
        return (await Task.WhenAll(reads).ConfigureAwait(false)).OfType<WorkMessage>().ToArray();
    }

    /// <summary>
    /// Replaces the state row alone if its ETag is still <paramref name="etag"/>, e.g. to clear the
    /// outbox ids of a finished instance; returns the new ETag. Rows are not touched.
    /// </summary>
    /// <exception cref="InstanceConflictException">The state changed since <paramref name="etag"/> was read.</exception>
    public async Task<ETag> WriteStateAsync(InstanceState state, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (entity, blobs) = StateRow.Create(state, Guid.NewGuid().ToString("N"));
        await payloads.UploadAllAsync(blobs, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await history.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag for an updated state row.");
        }
        catch (RequestFailedException error) when (error.Status is 412 or 404)
        {
            throw InstanceConflictException.For(state.InstanceId, error);
        }
    }

    /// <summary>
    /// Deletes every row of the instance's partition (all generations, state and outbox) and its
    /// payload blobs; returns whether anything existed.
    /// </summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var partitionKey = TableKey.Encode(instanceId);
        var keys = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in history.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            var deletes = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All)).ToList();
            try
            {
                await history.SubmitTransactionAsync(deletes, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException error) when (error.Status == 404)
            {
                // Someone else deleted part of the chunk meanwhile: delete the rest one by one.
                await Task.WhenAll(chunk.Select(row => history.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken))).ConfigureAwait(false);
            }
        }

        var blobs = await Task.WhenAll(
            new[] { "history", "outbox", "state" }.Select(stem => payloads.DeletePrefixAsync($"{stem}/{partitionKey}/", cancellationToken))).ConfigureAwait(false);
        return keys.Count > 0 || blobs.Sum() > 0;
    }

    private async Task<List<HistoryRecord>> QueryHistoryAsync(string instanceId, string fromRowKey, string toRowKey, CancellationToken cancellationToken)
    {
        var partitionKey = TableKey.Encode(instanceId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {fromRowKey} and RowKey lt {toRowKey}");
        var reads = new List<Task<HistoryRecord>>();
        await foreach (var row in history.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reads.Add(HistoryRows.ReadAsync(row, payloads, cancellationToken).AsTask());
        }

        return [.. await Task.WhenAll(reads).ConfigureAwait(false)];
    }
}
