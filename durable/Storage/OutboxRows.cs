using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Outbox rows of an instance's partition: RowKey <c>o-{encoded message id}</c>, the message's
/// JSON in <c>Message</c> or, when too long, in a blob named by <c>MessageBlob</c>.
/// </summary>
internal static class OutboxRows
{
    private const string MessageColumn = "Message";

    public static string RowKey(string messageId) => "o-" + TableKey.Encode(messageId);

    public static PreparedRow Create(string partitionKey, WorkMessage message)
    {
        var rowKey = RowKey(message.MessageId);
        var entity = new TableEntity(partitionKey, rowKey) { ["MessageId"] = message.MessageId };
        var blob = PayloadColumn.Set(entity, MessageColumn, StorageJson.Serialize(message), $"outbox/{partitionKey}/{rowKey}");
        return new PreparedRow(entity, blob);
    }

    public static async ValueTask<WorkMessage> ReadAsync(TableEntity entity, PayloadStore payloads, CancellationToken cancellationToken)
    {
        var json = await PayloadColumn.ReadAsync(entity, MessageColumn, payloads, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The outbox row '{entity.PartitionKey}'/'{entity.RowKey}' holds no message.");
        return StorageJson.Deserialize<WorkMessage>(json);
    }
}
