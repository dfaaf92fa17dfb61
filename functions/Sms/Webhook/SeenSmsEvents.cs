using Azure;
using Azure.Data.Tables;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// The Event Grid events the SMS webhook has processed or rejected, in the table
/// <c>{taskHub}SmsEvents</c> (partition: the escaped <see cref="SmsEventKey"/> — the event id when it
/// is short and clean; row <c>seen</c>; <c>Type</c>, <c>SeenAt</c>).
/// </summary>
internal sealed class SeenSmsEvents
{
    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "SmsEvents";

    private const string Row = "seen";

    private readonly TableClient _table;
    private readonly TimeProvider _clock;
    private readonly CreateOnce _created;

    public SeenSmsEvents(TableServiceClient tables, string taskHub, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(clock);
        _table = tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _clock = clock;
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>True when the event was processed before.</summary>
    public async Task<bool> ContainsAsync(string eventKey, CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(eventKey), Row, select: ["PartitionKey"], cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue;
    }

    /// <summary>Records that the event has been processed; false when it had been recorded before.</summary>
    public async Task<bool> AddAsync(string eventKey, string type, CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        try
        {
            await _table.AddEntityAsync(new TableEntity(TableKey.Encode(eventKey), Row) { ["Type"] = type, ["SeenAt"] = _clock.GetUtcNow() }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            return false;
        }
    }
}
