using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Inbox rows of an instance's partition: a message sent from the process that owns the
/// instance's partition, written beside the instance instead of to the control queue
/// (<see cref="MessageDispatch"/>). RowKey <c>i-{encoded message id}</c>; the message's JSON in
/// <c>Message</c> or, when too long, in a blob named by <c>MessageBlob</c>; <c>Deliveries</c>
/// counts the recoveries that found the row still there (a queue's dequeue count, for the poison
/// limit). The commit that applies the message deletes the row in the same transaction.
/// </summary>
internal static class InboxRows
{
    public const string Prefix = "i-";

    /// <summary>The first row key after every inbox row ('.' follows '-').</summary>
    public const string UpperBound = "i.";

    private const string MessageColumn = "Message";
    private const string DeliveriesColumn = "Deliveries";

    public static string RowKey(string messageId) => Prefix + TableKey.Encode(messageId);

    public static bool IsInboxRow(string rowKey) => rowKey.StartsWith(Prefix, StringComparison.Ordinal);

    public static PreparedRow Create(string partitionKey, OrchestrationMessage message)
    {
        var rowKey = RowKey(message.MessageId);
        var entity = new TableEntity(partitionKey, rowKey) { ["MessageId"] = message.MessageId, [DeliveriesColumn] = 0 };
        var blob = PayloadColumn.Set(entity, MessageColumn, StorageJson.Serialize<WorkMessage>(message), $"inbox/{partitionKey}/{rowKey}");
        return new PreparedRow(entity, blob);
    }

    /// <summary>How many recoveries found the row before.</summary>
    public static int DeliveriesOf(TableEntity entity) => entity.GetInt32(DeliveriesColumn) ?? 0;

    /// <summary>A merge that counts one more delivery of the row.</summary>
    public static TableEntity CountedDelivery(TableEntity entity) =>
        new(entity.PartitionKey, entity.RowKey) { [DeliveriesColumn] = DeliveriesOf(entity) + 1 };

    /// <summary>The row as a received message: the message (null when unreadable), its JSON, and its deliveries so far, this one included.</summary>
    public static async ValueTask<ReceivedMessage> ReadAsync(TableEntity entity, string source, PayloadStore payloads, CancellationToken cancellationToken)
    {
        var json = await PayloadColumn.ReadAsync(entity, MessageColumn, payloads, cancellationToken).ConfigureAwait(false) ?? "";
        WorkMessage? message = null;
        string? error = null;
        try
        {
            message = StorageJson.Deserialize<WorkMessage>(json);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
        {
            error = ex.Message;
        }

        return new ReceivedMessage(message, entity.RowKey, "", DeliveriesOf(entity) + 1, entity.Timestamp ?? DateTimeOffset.MinValue)
        {
            QueueName = source,
            Body = json,
            ReadError = error,
        };
    }
}
