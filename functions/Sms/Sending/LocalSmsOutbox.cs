using Azure;
using Azure.Data.Tables;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Sms.Sending;

/// <summary>
/// The SMS "gateway" when Azure Communication Services is not configured: every SMS is stored
/// in the table <c>{taskHub}SmsOutbox</c>, where <c>GET /api/dev/sms</c> and the dashboard's
/// phone simulator read it.
/// </summary>
/// <remarks>
/// Layout: one partition per recipient (the phone number, escaped for table keys). An SMS is
/// the row <c>sms-{messageId}</c> (<c>Id</c>, <c>To</c>, <c>Body</c>, <c>SentAt</c>), written
/// once and never changed: sending a message id again hits the existing row (409) and stores
/// nothing, which is what makes retried activities safe. Its latest delivery report is the row
/// <c>delivery-{messageId}</c> (<c>Id</c>, <c>To</c>, <c>Status</c>, <c>At</c>). Listing sorts
/// by <c>SentAt</c>, then by the row's server timestamp (send order when a virtual clock stands
/// still), then by id: a time-ordered row key would not help, because a listing of all recipients
/// spans partitions and has to be merged anyway.
/// </remarks>
internal sealed class LocalSmsOutbox : ISmsSender
{
    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "SmsOutbox";

    private const string SmsRowPrefix = "sms-";

    // The first key after every "sms-…" key ('.' follows '-').
    private const string SmsRowsEnd = "sms.";
    private const string DeliveryRowPrefix = "delivery-";

    // Reports for one message race on its delivery row. Every lost race means another report was
    // written, and each report is written at most once, so this many concurrent reports always settle.
    private const int MaxDeliveryAttempts = 5;

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CreateOnce _created;

    /// <param name="tables">The storage account's table service.</param>
    /// <param name="taskHub">The task hub name, which prefixes the table name.</param>
    /// <param name="time">The host's clock (virtual in simulations) for <see cref="SentSms.SentAt"/>.</param>
    /// <param name="logger">Where stored and repeated sends are logged (never bodies or numbers).</param>
    public LocalSmsOutbox(TableServiceClient tables, string taskHub, TimeProvider time, ILogger<LocalSmsOutbox> logger)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _table = tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _time = time;
        _logger = logger;
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>The table's name.</summary>
    public string TableName => _table.Name;

    /// <summary>Stores the SMS unless its message id was stored for that recipient before; accepted either way.</summary>
    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentException.ThrowIfNullOrWhiteSpace(sms.MessageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sms.To);
        ArgumentNullException.ThrowIfNull(sms.Body);
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        var row = new TableEntity(TableKey.Encode(sms.To), SmsRowPrefix + TableKey.Encode(sms.MessageId))
        {
            [nameof(SentSms.Id)] = sms.MessageId,
            [nameof(SentSms.To)] = sms.To,
            [nameof(SentSms.Body)] = sms.Body,
            [nameof(SentSms.SentAt)] = _time.GetUtcNow(),
        };
        try
        {
            await _table.AddEntityAsync(row, ct).ConfigureAwait(false);
            _logger.SmsStoredInLocalOutbox(sms.MessageId);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            _logger.SmsAlreadyInLocalOutbox(sms.MessageId);
        }

        return new SmsSendResult(sms.MessageId, Accepted: true, Error: null);
    }

    /// <summary>The stored SMS to <paramref name="to"/> (every recipient when null or empty), oldest first.</summary>
    public async Task<IReadOnlyList<SentSms>> ListAsync(string? to, CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        var filter = string.IsNullOrEmpty(to)
            ? TableClient.CreateQueryFilter($"RowKey ge {SmsRowPrefix} and RowKey lt {SmsRowsEnd}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Encode(to)} and RowKey ge {SmsRowPrefix} and RowKey lt {SmsRowsEnd}");
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows
            .Select(row => (Sms: ReadSms(row), Written: row.Timestamp ?? DateTimeOffset.MinValue))
            .OrderBy(entry => entry.Sms.SentAt)
            .ThenBy(entry => entry.Written)
            .ThenBy(entry => entry.Sms.Id, StringComparer.Ordinal)
            .Select(entry => entry.Sms)
            .ToList();
    }

    /// <summary>
    /// Records a delivery report. Reports arrive at least once and in any order, so the one with
    /// the latest <paramref name="at"/> wins; an older or repeated report changes nothing.
    /// </summary>
    /// <returns>True when this report is now the recorded state.</returns>
    public async Task<bool> RecordDeliveryAsync(string messageId, string to, string status, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        var row = new TableEntity(TableKey.Encode(to), DeliveryRowPrefix + TableKey.Encode(messageId))
        {
            [nameof(SmsDelivery.MessageId)] = messageId,
            [nameof(SmsDelivery.To)] = to,
            [nameof(SmsDelivery.Status)] = status,
            [nameof(SmsDelivery.At)] = at,
        };
        for (var attempt = 1; attempt <= MaxDeliveryAttempts; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    await _table.AddEntityAsync(row, ct).ConfigureAwait(false);
                }
                else if (existing.Value!.GetDateTimeOffset(nameof(SmsDelivery.At)) < at)
                {
                    await _table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                }
                else
                {
                    _logger.SmsDeliveryReportOutdated(messageId, status);
                    return false;
                }

                _logger.SmsDeliveryRecorded(messageId, status);
                return true;
            }
            catch (RequestFailedException error) when (error.Status is 409 or 412)
            {
                // Another report for the same message was written in between: compare with it.
            }
        }

        throw new InvalidOperationException(
            $"The delivery report '{status}' for SMS '{messageId}' could not be recorded: {MaxDeliveryAttempts} attempts each lost a race with another report for the same message.");
    }

    /// <summary>The latest delivery report of an SMS, or null when none has arrived.</summary>
    public async Task<SmsDelivery?> GetDeliveryAsync(string messageId, string to, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(to), DeliveryRowPrefix + TableKey.Encode(messageId), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue
            ? new SmsDelivery(
                row.Value!.GetString(nameof(SmsDelivery.MessageId)),
                row.Value.GetString(nameof(SmsDelivery.To)),
                row.Value.GetString(nameof(SmsDelivery.Status)),
                row.Value.GetDateTimeOffset(nameof(SmsDelivery.At)) ?? default)
            : null;
    }

    private static SentSms ReadSms(TableEntity row) => new(
        row.GetString(nameof(SentSms.Id)),
        row.GetString(nameof(SentSms.To)),
        row.GetString(nameof(SentSms.Body)),
        row.GetDateTimeOffset(nameof(SentSms.SentAt)) ?? throw new InvalidDataException($"The SMS outbox row {row.PartitionKey}/{row.RowKey} has no SentAt."));
}
