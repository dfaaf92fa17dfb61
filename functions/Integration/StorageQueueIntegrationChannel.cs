using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Publishes integration messages to the storage queue <c>{taskHub}-integration</c>, one
/// CloudEvents 1.0 JSON event per queue message, Base64-encoded (UTF-8 bytes) as Azure
/// Functions' queue trigger and Logic Apps expect by default. Storage queues do not
/// de-duplicate: a consumer must treat a CloudEvent <c>id</c> it has seen before as done.
/// </summary>
/// <remarks>
/// Each published message is also recorded in the table <c>{taskHub}IntegrationOutbox</c>
/// (partition: the admission id; row: the message id; columns <c>Type</c>, <c>AdmissionId</c>,
/// <c>Time</c>, <c>SentAt</c>, <c>DataContentType</c> and, when bodies are kept, <c>Data</c> as UTF-8 JSON). The table
/// is what <see cref="ListAsync"/> reads, because a queue can only be peeked 32 messages at a
/// time, and never the ones a consumer is processing. The row is written after the queue
/// message, so a row means "sent": a retry that finds it sends nothing. A crash between the two
/// writes makes the retry send again — the de-duplication the consumer does anyway covers that.
/// Bodies carry patient data (a discharge letter, an address), so the table keeps them only
/// when asked to (Development, for the dev route); otherwise it keeps who, what and when.
/// </remarks>
internal sealed class StorageQueueIntegrationChannel : IIntegrationChannel
{
    /// <summary>The queue name after the task hub prefix and a dash.</summary>
    public const string QueueSuffix = "integration";

    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "IntegrationOutbox";

    /// <summary>
    /// The largest event, in UTF-8 bytes, a queue message can carry: 64 KiB after Base64 grows
    /// it by a third. Large documents must travel by reference.
    /// </summary>
    public const int MaxEventBytes = 48 * 1024;

    // Queue messages live 7 days by default; a consumer that is down longer must not lose any.
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _queue;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _keepBodies;
    private readonly CreateOnce _created;

    /// <param name="account">The storage account for the queue and the table.</param>
    /// <param name="taskHub">The task hub name, which prefixes the queue and table names.</param>
    /// <param name="time">The host's clock (virtual in simulations) for <see cref="PublishedMessage.SentAt"/>.</param>
    /// <param name="logger">Where publications are logged (ids and types, never bodies).</param>
    /// <param name="keepBodies">Whether the table keeps message bodies for <see cref="ListAsync"/>; only in Development.</param>
    public StorageQueueIntegrationChannel(StorageAccount account, string taskHub, TimeProvider time, ILogger<StorageQueueIntegrationChannel> logger, bool keepBodies)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _queue = account.Queues.GetQueueClient(StorageNames.Queue(taskHub, QueueSuffix));
        _table = account.Tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _time = time;
        _logger = logger;
        _keepBodies = keepBodies;
        _created = new CreateOnce(async ct =>
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            await _table.CreateIfNotExistsAsync(ct).ConfigureAwait(false);
        });
    }

    /// <summary>The queue's name.</summary>
    public string QueueName => _queue.Name;

    /// <summary>The table's name.</summary>
    public string TableName => _table.Name;

    /// <summary>Sends the message unless it was sent before (same admission and id).</summary>
    public async Task PublishAsync(IntegrationMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Type);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.AdmissionId);
        ArgumentNullException.ThrowIfNull(message.Body);
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        var (partitionKey, rowKey) = (TableKey.Encode(message.AdmissionId), TableKey.Encode(message.Id));
        var sent = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select: [nameof(PublishedMessage.SentAt)], ct).ConfigureAwait(false);
        if (sent.HasValue)
        {
            _logger.IntegrationMessageAlreadyPublished(message.Type, message.Id, message.AdmissionId);
            return;
        }

        var data = CloudEventEnvelope.SerializeBody(message.Body);
        var cloudEvent = CloudEventEnvelope.Write(message, data);
        if (cloudEvent.Length > MaxEventBytes)
        {
            throw new InvalidOperationException(
                $"The {message.Type} message '{message.Id}' is {cloudEvent.Length:N0} bytes as a CloudEvent; a storage queue message carries at most {MaxEventBytes:N0}. " +
                "Send large documents by reference (e.g. a blob link) instead of in the body.");
        }

        await _queue.SendMessageAsync(Convert.ToBase64String(cloudEvent), visibilityTimeout: null, timeToLive: NeverExpires, ct).ConfigureAwait(false);

        var row = new TableEntity(partitionKey, rowKey)
        {
            [nameof(PublishedMessage.Id)] = message.Id,
            [nameof(PublishedMessage.Type)] = message.Type,
            [nameof(PublishedMessage.AdmissionId)] = message.AdmissionId,
            [nameof(IntegrationMessage.Time)] = message.Time,
            [nameof(PublishedMessage.SentAt)] = _time.GetUtcNow(),
            [nameof(PublishedMessage.DataContentType)] = message.DataContentType,
        };
        if (_keepBodies)
        {
            // Binary, because a string column holds 32K characters and an event may be 48 KiB.
            row["Data"] = JsonSerializer.SerializeToUtf8Bytes(data);
        }

        try
        {
            await _table.AddEntityAsync(row, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            // A concurrent publish of the same message recorded it first; both sent it.
        }

        _logger.IntegrationMessagePublished(message.Type, message.Id, message.AdmissionId);
    }

    /// <summary>Every published message, oldest first (by <c>SentAt</c>, then write order, then id).</summary>
    public async Task<IReadOnlyList<PublishedMessage>> ListAsync(CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows
            .Select(row => (Message: Read(row), Written: row.Timestamp ?? DateTimeOffset.MinValue))
            .OrderBy(entry => entry.Message.SentAt)
            .ThenBy(entry => entry.Written)
            .ThenBy(entry => entry.Message.Id, StringComparer.Ordinal)
            .Select(entry => entry.Message)
            .ToList();
    }

    private static PublishedMessage Read(TableEntity row) => new(
        row.GetString(nameof(PublishedMessage.Id)),
        row.GetString(nameof(PublishedMessage.Type)),
        row.GetString(nameof(PublishedMessage.AdmissionId)),
        row.GetDateTimeOffset(nameof(PublishedMessage.SentAt)) ?? throw new InvalidDataException($"The integration outbox row {row.PartitionKey}/{row.RowKey} has no SentAt."),
        row.GetBinary("Data") is { } data ? JsonSerializer.Deserialize<JsonElement>(data) : null)
    {
        // Rows written before the column existed were all plain JSON.
        DataContentType = row.GetString(nameof(PublishedMessage.DataContentType)) ?? IntegrationMessage.JsonContentType,
    };
}
