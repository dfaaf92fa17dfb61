using Azure;
using Azure.Data.Tables;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>
/// The SMS sent through Azure Communication Services and their delivery state, in the table
/// <c>{taskHub}SmsMessages</c>: what keeps a retried send stable, and what delivery reports update.
/// </summary>
/// <remarks>
/// Two kinds of rows, both keyed by an escaped id in the partition key:
/// <list type="bullet">
/// <item><c>{messageId}/send</c> — our message: <c>FirstSentAt</c>, written once before the first
/// request and read by every retry (ACS refuses a repeatability id that comes back with another
/// first-sent time), then <c>AcsMessageId</c> and <c>AcceptedAt</c> once ACS accepted it.</item>
/// <item><c>{acsMessageId}/delivery</c> — ACS's message: <c>MessageId</c>, <c>To</c> (masked),
/// <c>AcceptedAt</c> from the send; <c>Status</c>, <c>StatusDetails</c>, <c>DeliveryAttempts</c>,
/// <c>LastReportAt</c> from the latest report. Event Grid may deliver a report before the send
/// wrote its part, so each side merges only its own columns and either may create the row.</item>
/// </list>
/// </remarks>
internal sealed class SmsMessageLog
{
    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "SmsMessages";

    private const string SendRow = "send";
    private const string DeliveryRow = "delivery";

    // Each lost race means another report was written, so this many concurrent reports always settle.
    private const int MaxReportAttempts = 5;

    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public SmsMessageLog(TableServiceClient tables, string taskHub)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>The table's name.</summary>
    public string TableName => _table.Name;

    /// <summary>
    /// The send record of <paramref name="messageId"/>, created with <paramref name="now"/> as its first-sent
    /// time unless an earlier attempt created it: then that attempt's time, and its ACS id if ACS accepted it.
    /// </summary>
    public async Task<(DateTimeOffset FirstSentAt, string? AcsMessageId)> BeginSendAsync(string messageId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var key = TableKey.Encode(messageId);
        try
        {
            // Whole seconds: the HTTP date ACS gets has no fractions, and this is what a retry sends again.
            var firstSent = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            await _table.AddEntityAsync(new TableEntity(key, SendRow) { ["FirstSentAt"] = firstSent }, ct).ConfigureAwait(false);
            return (firstSent, null);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            var existing = await _table.GetEntityAsync<TableEntity>(key, SendRow, cancellationToken: ct).ConfigureAwait(false);
            return (existing.Value.GetDateTimeOffset("FirstSentAt") ?? throw new InvalidDataException($"The SMS send row {key} has no FirstSentAt."),
                existing.Value.GetString("AcsMessageId"));
        }
    }

    /// <summary>Records that ACS accepted <paramref name="messageId"/> as <paramref name="acsMessageId"/>; repeating it changes nothing.</summary>
    public async Task RecordAcceptedAsync(string messageId, string acsMessageId, string to, DateTimeOffset acceptedAt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(acsMessageId);
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        // The delivery row first: once the send row names the ACS id, a retry no longer writes it.
        await _table.UpsertEntityAsync(
            new TableEntity(TableKey.Encode(acsMessageId), DeliveryRow)
            {
                ["MessageId"] = messageId,
                ["To"] = PhoneMask.Mask(to),
                ["AcceptedAt"] = acceptedAt,
            },
            TableUpdateMode.Merge,
            ct).ConfigureAwait(false);
        await _table.UpsertEntityAsync(
            new TableEntity(TableKey.Encode(messageId), SendRow) { ["AcsMessageId"] = acsMessageId, ["AcceptedAt"] = acceptedAt },
            TableUpdateMode.Merge,
            ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a delivery report unless a report received at the same time or later is recorded:
    /// reports arrive at least once and in any order, so repeating one, or an older one, changes nothing.
    /// </summary>
    /// <returns>True when this report is now the recorded state.</returns>
    public async Task<bool> RecordReportAsync(SmsDeliveryReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(report.AcsMessageId);
        await _created.EnsureAsync(ct).ConfigureAwait(false);

        var row = new TableEntity(TableKey.Encode(report.AcsMessageId), DeliveryRow)
        {
            ["Status"] = report.Status,
            ["StatusDetails"] = report.StatusDetails ?? "",
            ["DeliveryAttempts"] = report.DeliveryAttempts,
            ["LastReportAt"] = report.ReportedAt,
        };
        for (var attempt = 1; attempt <= MaxReportAttempts; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    row["To"] = PhoneMask.Mask(report.To);
                    await _table.AddEntityAsync(row, ct).ConfigureAwait(false);
                    return true;
                }

                if (existing.Value!.GetDateTimeOffset("LastReportAt") is { } recorded && recorded >= report.ReportedAt)
                {
                    return false;
                }

                // Merge: the send's columns stay as they are; the ETag makes a concurrent report lose and compare again.
                await _table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Merge, ct).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException error) when (error.Status is 409 or 412)
            {
                // Another writer was first: compare with what it wrote.
            }
        }

        throw new InvalidOperationException(
            $"The delivery report '{report.Status}' for ACS message '{report.AcsMessageId}' could not be recorded: "
            + $"{MaxReportAttempts} attempts each lost a race with another write to the same message.");
    }

    /// <summary>The delivery state of our message <paramref name="messageId"/>; null when ACS has not accepted it.</summary>
    public async Task<SmsDeliveryState?> GetAsync(string messageId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var send = await _table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(messageId), SendRow, cancellationToken: ct).ConfigureAwait(false);
        if (!send.HasValue || send.Value!.GetString("AcsMessageId") is not { } acsMessageId)
        {
            return null;
        }

        var delivery = await _table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(acsMessageId), DeliveryRow, cancellationToken: ct).ConfigureAwait(false);
        var row = delivery.HasValue ? delivery.Value! : new TableEntity();
        return new SmsDeliveryState(
            messageId,
            acsMessageId,
            row.GetString("To") ?? "",
            row.GetDateTimeOffset("AcceptedAt") ?? send.Value.GetDateTimeOffset("AcceptedAt"),
            row.GetString("Status"),
            row.GetString("StatusDetails"),
            row.GetInt32("DeliveryAttempts") ?? 0,
            row.GetDateTimeOffset("LastReportAt"));
    }
}
