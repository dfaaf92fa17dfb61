using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The <c>{hub}Poison</c> table: messages that could not be read or processed end here, visible,
/// instead of being retried forever. PartitionKey = the queue's name, RowKey = the queue message id.
/// The caller deletes the message from its queue only after <see cref="MoveAsync"/> returns.
/// </summary>
internal sealed class PoisonStore(TableClient table, PayloadStore payloads, TimeProvider clock)
{
    /// <summary>Records the message and why it was moved aside. Idempotent. One request (two for a large body).</summary>
    public async Task MoveAsync(ReceivedMessage raw, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var rowKey = TableKey.Encode(raw.QueueMessageId);
        var entity = new TableEntity(raw.QueueName, rowKey)
        {
            ["Reason"] = raw.ReadError is null ? reason : $"{reason} ({raw.ReadError})",
            ["DequeueCount"] = raw.DequeueCount,
            ["InsertedOn"] = raw.InsertedOn,
            ["MovedAt"] = clock.GetUtcNow(),
        };
        if (raw.Message is { } message)
        {
            entity["MessageId"] = message.MessageId;
            entity["Type"] = message.GetType().Name;
        }

        if (InstanceIdOf(raw.Message) is { } instanceId)
        {
            entity["InstanceId"] = instanceId;
        }

        if (PayloadColumn.Set(entity, "Body", raw.Body, $"poison/{raw.QueueName}/{rowKey}") is { } blob)
        {
            await payloads.UploadAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The poison entries, oldest queue first (for management and tests; a full table scan).</summary>
    public async IAsyncEnumerable<PoisonEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new PoisonEntry(
                entity.PartitionKey,
                TableKey.Decode(entity.RowKey),
                entity.GetString("MessageId"),
                entity.GetString("InstanceId"),
                entity.GetString("Reason") ?? "",
                await PayloadColumn.ReadAsync(entity, "Body", payloads, cancellationToken).ConfigureAwait(false) ?? "",
                entity.GetInt64("DequeueCount") ?? 0,
                entity.GetDateTimeOffset("InsertedOn") ?? default,
                entity.GetDateTimeOffset("MovedAt") ?? default);
        }
    }

    private static string? InstanceIdOf(WorkMessage? message) => message switch
    {
        OrchestrationMessage orchestration => orchestration.InstanceId,
        ActivityRequest activity => activity.InstanceId,
        _ => null,
    };
}
