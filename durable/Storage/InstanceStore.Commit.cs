using Azure;
using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>The commit of one step: the state row, new history, new outbox rows, deletes of delivered ones and of consumed inbox rows.</summary>
internal sealed partial class InstanceStore
{
    /// <summary>
    /// Commits a step atomically and returns the state row's new ETag. A step that fits one
    /// entity-group transaction costs exactly one request (plus one per payload blob). A larger
    /// step writes its rows in several transactions, each carrying a conditional write of the
    /// state row, so no one else can write in between; only the last one moves the state row's
    /// history length and outbox ids, which is when the whole step becomes visible.
    /// </summary>
    /// <exception cref="InstanceAlreadyExistsException">The commit creates the instance and it exists.</exception>
    /// <exception cref="InstanceConflictException">The state row's ETag is no longer <see cref="StepCommit.ExpectedETag"/>.</exception>
    public async Task<ETag> CommitAsync(StepCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        Validate(commit);
        var state = commit.State;
        var partitionKey = TableKey.Encode(state.InstanceId);
        var rows = commit.NewHistory.Select(record => HistoryRows.Create(partitionKey, record))
            .Concat(commit.NewOutbox.Select(message => OutboxRows.Create(partitionKey, message)))
            .ToList();
        var token = Guid.NewGuid().ToString("N");
        var (stateEntity, stateBlobs) = StateRow.Create(state, token);

        // Payload blobs first: a committed row must never name a blob that is not there yet.
        await payloads.UploadAllAsync(rows.Select(row => row.Blob).OfType<PayloadBlob>().Concat(stateBlobs), cancellationToken).ConfigureAwait(false);

        // Deletes go last, so that they land in the final transaction whenever they fit.
        var actions = rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row.Entity))
            .Concat(commit.DeliveredOutboxIds.Distinct(StringComparer.Ordinal).Select(id =>
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, OutboxRows.RowKey(id)), ETag.All)))
            .ToList();
        var stateRowBytes = TransactionPlan.EstimateBytes(stateEntity);
        var batches = TransactionPlan.Split(actions, stateRowBytes);

        // Consumed inbox rows go with the state row: deleted earlier, a crash between batches would lose their messages.
        TransactionPlan.AddToLast(batches, (commit.ConsumedInboxIds ?? []).Distinct(StringComparer.Ordinal).Select(id =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, InboxRows.RowKey(id)), ETag.All)), stateRowBytes);
        var marker = StateRow.CommitMarker(partitionKey, token);
        var etag = commit.ExpectedETag;
        for (var i = 0; i < batches.Count; i++)
        {
            var isLast = i == batches.Count - 1;
            etag = await SubmitAsync(commit, isLast ? stateEntity : marker, isLast, etag, batches[i], cancellationToken).ConfigureAwait(false);
            if (!isLast && BetweenBatchesForTests is { } hook)
            {
                await hook(i).ConfigureAwait(false);
            }
        }

        return etag!.Value;
    }

    /// <summary>
    /// Submits one transaction: the state row's write (first) and <paramref name="rows"/>; returns
    /// the state row's new ETag. When the state row's write is refused, the row is read back: if it
    /// carries this commit's token, the transaction had been applied and only its answer was lost
    /// (the SDK retried it), so it counts as done. An insert that finds the placeholder of an
    /// unfinished commit of a new instance takes it over; deletes of outbox or inbox rows already gone are dropped.
    /// </summary>
    private async Task<ETag> SubmitAsync(
        StepCommit commit, TableEntity stateEntity, bool isLast, ETag? etag, List<TableTransactionAction> rows, CancellationToken cancellationToken)
    {
        var instanceId = commit.State.InstanceId;
        var token = stateEntity.GetString(StateRow.CommitTokenColumn);
        while (true)
        {
            var stateAction = etag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, stateEntity)
                : new TableTransactionAction(isLast ? TableTransactionActionType.UpdateReplace : TableTransactionActionType.UpdateMerge, stateEntity, etag.Value);
            List<TableTransactionAction> actions = [stateAction, .. rows];
            try
            {
                var response = await history.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return response.Value[0].Headers.ETag
                    ?? throw new InvalidOperationException("The table service returned no ETag for the state row of a transaction.");
            }
            catch (TableTransactionFailedException error) when (error.FailedTransactionActionIndex is > 0 and var index
                && actions[index].ActionType == TableTransactionActionType.Delete && error.Status == 404)
            {
                rows.Remove(actions[index]);
            }
            catch (TableTransactionFailedException error) when (error.Status is 409 or 412 or 404 && error.FailedTransactionActionIndex is 0 or null)
            {
                var current = await ReadStateRowAsync(stateEntity.PartitionKey, cancellationToken).ConfigureAwait(false);
                if (current is not null && current.GetString(StateRow.CommitTokenColumn) == token)
                {
                    return current.ETag;
                }

                if (etag is null && error.Status == 409 && current is not null && StateRow.IsPlaceholder(current))
                {
                    etag = current.ETag;
                    continue;
                }

                throw commit.ExpectedETag is null ? InstanceAlreadyExistsException.For(instanceId, error) : InstanceConflictException.For(instanceId, error);
            }
        }
    }

    private async Task<TableEntity?> ReadStateRowAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var row = await history.GetEntityIfExistsAsync<TableEntity>(partitionKey, StateRow.RowKey(partitionKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private static void Validate(StepCommit commit)
    {
        var state = commit.State;
        ArgumentException.ThrowIfNullOrEmpty(state.InstanceId, nameof(commit));
        foreach (var record in commit.NewHistory)
        {
            if (record.Generation > state.Generation || (record.Generation == state.Generation && record.Sequence >= state.HistoryLength))
            {
                throw new ArgumentException(
                    $"The step of instance '{state.InstanceId}' appends {record.Event.EventType} #{record.Sequence} of generation {record.Generation}, " +
                    $"but its state covers generation {state.Generation} up to history length {state.HistoryLength}: the event would never be visible. " +
                    "Likely cause: the state's HistoryLength or Generation was not advanced with the new events.",
                    nameof(commit));
            }
        }

        var outbox = state.OutboxIds.ToHashSet(StringComparer.Ordinal);
        if (commit.NewOutbox.FirstOrDefault(message => !outbox.Contains(message.MessageId)) is { } unlisted)
        {
            throw new ArgumentException(
                $"The step of instance '{state.InstanceId}' sends message '{unlisted.MessageId}' but its state's OutboxIds do not list it, so it would never be delivered.",
                nameof(commit));
        }

        if (commit.DeliveredOutboxIds.FirstOrDefault(outbox.Contains) is { } stillListed)
        {
            throw new ArgumentException(
                $"The step of instance '{state.InstanceId}' deletes delivered outbox message '{stillListed}' but its state still lists it in OutboxIds.",
                nameof(commit));
        }

        if (commit.NewOutbox.GroupBy(message => message.MessageId, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"The step of instance '{state.InstanceId}' sends message '{twice.Key}' twice.", nameof(commit));
        }

        var duplicates = commit.NewHistory.GroupBy(record => (record.Generation, record.Sequence)).FirstOrDefault(group => group.Count() > 1);
        if (duplicates is not null)
        {
            throw new ArgumentException(
                $"The step of instance '{state.InstanceId}' appends event #{duplicates.Key.Sequence} of generation {duplicates.Key.Generation} twice.",
                nameof(commit));
        }
    }
}
