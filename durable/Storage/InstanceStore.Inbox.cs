using Azure;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Inbox rows (<see cref="InboxRows"/>): messages for an instance written into its own partition,
/// so that the commit applying one deletes it in the same transaction — one write per message
/// instead of a queue's send and delete.
/// </summary>
internal sealed partial class InstanceStore
{
    /// <summary>Where poison entries of inbox rows say they came from.</summary>
    public string InboxSource => history.Name + "-inbox";

    /// <summary>Writes the message as an inbox row of its instance. One request (two for a large message). Idempotent.</summary>
    public async Task WriteInboxAsync(OrchestrationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A message on its way to a step: through the request gate with the queue's sends, not behind commits.
        StorageRequestGate.DeliversMessage = true;
        var row = InboxRows.Create(TableKey.Encode(message.InstanceId), message);
        if (row.Blob is { } blob)
        {
            await payloads.UploadAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        await history.UpsertEntityAsync(row.Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the inbox row of a message; one already gone is fine. One request.</summary>
    public Task DeleteInboxAsync(string instanceId, string messageId, CancellationToken cancellationToken = default) =>
        DeleteInboxRowAsync(TableKey.Encode(instanceId), InboxRows.RowKey(messageId), cancellationToken);

    /// <summary>Deletes an inbox row by its keys (also one whose message cannot be read); one already gone is fine. One request.</summary>
    public async Task DeleteInboxRowAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await history.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // Deleted already.
        }
    }

    /// <summary>An inbox row as a received message: its deliveries so far, this one included, count towards the poison limit.</summary>
    public ValueTask<ReceivedMessage> ReadInboxRowAsync(TableEntity row, CancellationToken cancellationToken = default) =>
        InboxRows.ReadAsync(row, InboxSource, payloads, cancellationToken);

    /// <summary>
    /// For recovery: the instance's state and its inbox rows, in one single-partition query
    /// (the state row and the <c>i-</c> range); null state when there is no such instance.
    /// </summary>
    public async Task<((InstanceState State, ETag ETag)? Found, IReadOnlyList<TableEntity> Inbox)> ReadStateAndInboxAsync(
        string instanceId, CancellationToken cancellationToken = default)
    {
        var partitionKey = TableKey.Encode(instanceId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and (RowKey eq {StateRow.RowKey(partitionKey)} or (RowKey ge {InboxRows.Prefix} and RowKey lt {InboxRows.UpperBound}))");
        TableEntity? stateRow = null;
        var inbox = new List<TableEntity>();
        await foreach (var row in history.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (InboxRows.IsInboxRow(row.RowKey))
            {
                inbox.Add(row);
            }
            else
            {
                stateRow = row;
            }
        }

        if (stateRow is null || StateRow.IsPlaceholder(stateRow))
        {
            return (null, inbox);
        }

        var state = await StateRow.ReadAsync(stateRow, payloads, withInputAndOutput: true, cancellationToken).ConfigureAwait(false);
        return ((state, stateRow.ETag), inbox);
    }

    /// <summary>Counts one more delivery of an inbox row a recovery found (towards the poison limit). One request.</summary>
    public Task CountInboxDeliveryAsync(TableEntity row, CancellationToken cancellationToken = default) =>
        history.UpdateEntityAsync(InboxRows.CountedDelivery(row), ETag.All, TableUpdateMode.Merge, cancellationToken);
}
