using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// The webhook events that were acknowledged without processing, for administrators
/// (<c>GET /api/sms/rejected</c>), in the table <c>{taskHub}SmsRejected</c>: one partition
/// <c>rejected</c>, row keys that sort newest first (inverted ticks, then a digest of the event's
/// key), and <c>At</c>, <c>EventId</c>, <c>Type</c>, <c>Reason</c>, <c>Detail</c>, <c>Sender</c> — all
/// cleaned and clipped by the parser, the sender masked. Rows are never changed or removed by the app.
/// </summary>
internal sealed class RejectedSmsEvents
{
    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "SmsRejected";

    private const string Partition = "rejected";

    private readonly TableClient _table;
    private readonly TimeProvider _clock;
    private readonly CreateOnce _created;

    public RejectedSmsEvents(TableServiceClient tables, string taskHub, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(clock);
        _table = tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _clock = clock;
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>Records a rejected event now.</summary>
    public async Task AddAsync(RejectedSmsEvent rejected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var at = _clock.GetUtcNow();
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rejected.Key)).AsSpan(0, 8));
        var row = new TableEntity(Partition, $"{(DateTimeOffset.MaxValue - at).Ticks.ToString("D19", CultureInfo.InvariantCulture)}-{digest}")
        {
            [nameof(RejectedSmsEventView.At)] = at,
            [nameof(RejectedSmsEventView.EventId)] = rejected.Id,
            [nameof(RejectedSmsEventView.Type)] = rejected.Type,
            [nameof(RejectedSmsEventView.Reason)] = rejected.Reason,
            [nameof(RejectedSmsEventView.Detail)] = rejected.Detail,
            [nameof(RejectedSmsEventView.Sender)] = rejected.Sender,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>The latest <paramref name="top"/> rejected events, newest first.</summary>
    public async Task<IReadOnlyList<RejectedSmsEventView>> ListAsync(int top, CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var rows = new List<RejectedSmsEventView>(top);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), maxPerPage: top, cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(new RejectedSmsEventView(
                row.GetDateTimeOffset(nameof(RejectedSmsEventView.At)) ?? row.Timestamp ?? DateTimeOffset.MinValue,
                row.GetString(nameof(RejectedSmsEventView.EventId)) ?? "",
                row.GetString(nameof(RejectedSmsEventView.Type)) ?? "",
                row.GetString(nameof(RejectedSmsEventView.Reason)) ?? "",
                row.GetString(nameof(RejectedSmsEventView.Detail)) ?? "",
                row.GetString(nameof(RejectedSmsEventView.Sender))));
            if (rows.Count == top)
            {
                break;
            }
        }

        return rows;
    }
}

/// <summary>A rejected webhook event as administrators see it.</summary>
/// <param name="At">When it was rejected (the host's clock).</param>
/// <param name="EventId">The event's id, cleaned and clipped to 80 characters.</param>
/// <param name="Type">The event's type, cleaned and clipped.</param>
/// <param name="Reason">The reason code (<c>malformed</c>, <c>invalidId</c>, <c>missingData</c>, <c>invalidSender</c>, <c>invalidText</c>, <c>invalidData</c>).</param>
/// <param name="Detail">What exactly was wrong.</param>
/// <param name="Sender">The SMS sender masked (<c>+45******09</c>); null when it was not a phone number or there was none.</param>
internal sealed record RejectedSmsEventView(DateTimeOffset At, string EventId, string Type, string Reason, string Detail, string? Sender);
