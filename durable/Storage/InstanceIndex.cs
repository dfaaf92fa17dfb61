using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The instance index <c>{hub}Instances</c>: one row per instance, PartitionKey = the runtime
/// partition (<c>p03</c>), RowKey = the encoded instance id. It serves listing and recovery; the
/// instance's own state row stays the truth, and <see cref="InstanceState.IndexedStatus"/> tells
/// whether the index has caught up with it.
/// </summary>
internal sealed class InstanceIndex(TableClient table)
{
    private const int MaxTop = 1000;

    private static readonly OrchestrationRuntimeStatus[] NonTerminal =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>The most rows one transaction writes (the table service's limit).</summary>
    public const int MaxRowsPerTransaction = 100;

    /// <summary>Writes the entry (insert or replace). One request.</summary>
    public async Task UpsertAsync(IndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await table.UpsertEntityAsync(Entity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes entries of one partition (insert or replace each), up to <see cref="MaxRowsPerTransaction"/>,
    /// in one transaction: all or none. One request.
    /// </summary>
    public async Task UpsertAllAsync(IReadOnlyList<IndexEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entries.Count, MaxRowsPerTransaction);
        if (entries.Select(entry => entry.Partition).Distinct().Count() > 1)
        {
            throw new ArgumentException("A transaction writes the rows of one partition.", nameof(entries));
        }

        switch (entries.Count)
        {
            case 0:
                return;
            case 1:
                await UpsertAsync(entries[0], cancellationToken).ConfigureAwait(false);
                return;
            default:
                await table.SubmitTransactionAsync(
                    entries.Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(entry))), cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private static TableEntity Entity(IndexEntry entry)
    {
        var entity = new TableEntity(TaskHubNames.PartitionName(entry.Partition), TableKey.Encode(entry.InstanceId))
        {
            ["Name"] = entry.Name,
            ["Version"] = entry.Version,
            ["RuntimeStatus"] = entry.RuntimeStatus.ToString(),
            ["CreatedAt"] = entry.CreatedAt,
            ["LastUpdatedAt"] = entry.LastUpdatedAt,
        };
        if (entry.CompletedAt is { } completedAt)
        {
            entity["CompletedAt"] = completedAt;
        }

        return entity;
    }

    /// <summary>The entry of one instance, or null. One point read.</summary>
    public async Task<IndexEntry?> GetAsync(string instanceId, int partition, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TaskHubNames.PartitionName(partition), TableKey.Encode(instanceId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return row.HasValue && row.Value is { } entity ? Read(entity) : null;
    }

    /// <summary>Deletes the entry; returns whether it existed.</summary>
    public async Task<bool> DeleteAsync(string instanceId, int partition, CancellationToken cancellationToken = default)
    {
        var response = await table.DeleteEntityAsync(TaskHubNames.PartitionName(partition), TableKey.Encode(instanceId), ETag.All, cancellationToken)
            .ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>
    /// One page of the instances matching <paramref name="query"/>, ordered by partition then
    /// instance id. Pages hold up to <see cref="InstanceQuery.Top"/> entries; a page is never empty
    /// while more matches follow.
    /// </summary>
    public async Task<IndexPage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Top is < 1 or > MaxTop)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Top, $"An index page holds 1–{MaxTop} entries; Top was {query.Top}.");
        }

        var filter = Filter(query);
        var entries = new List<IndexEntry>(query.Top);
        var token = DecodeToken(query.ContinuationToken);
        do
        {
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: query.Top - entries.Count, cancellationToken: cancellationToken).AsPages(token);
            await using var pageEnumerator = pages.GetAsyncEnumerator(cancellationToken);
            if (!await pageEnumerator.MoveNextAsync().ConfigureAwait(false))
            {
                token = null;
                break;
            }

            entries.AddRange(pageEnumerator.Current.Values.Select(Read));
            token = pageEnumerator.Current.ContinuationToken;
        }
        while (token is not null && entries.Count < query.Top);

        return new IndexPage(entries, EncodeToken(token));
    }

    /// <summary>The instances of one partition, all or only those not finished (for recovery).</summary>
    public async IAsyncEnumerable<IndexEntry> ListPartitionAsync(
        int partition, bool nonTerminalOnly, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TaskHubNames.PartitionName(partition)}");
        if (nonTerminalOnly)
        {
            filter += " and (" + StatusFilter(NonTerminal) + ")";
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return Read(entity);
        }
    }

    private static string? Filter(InstanceQuery query)
    {
        var parts = new List<string>();
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            parts.Add("(" + StatusFilter(statuses) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to}"));
        }

        if (query.Name is { } name)
        {
            parts.Add(TableClient.CreateQueryFilter($"Name eq {name}"));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            var prefix = TableKey.Encode(query.InstanceIdPrefix);
            parts.Add(TableClient.CreateQueryFilter($"RowKey ge {prefix} and RowKey lt {TableKey.PrefixUpperBound(prefix)}"));
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    private static string StatusFilter(IEnumerable<OrchestrationRuntimeStatus> statuses) =>
        string.Join(" or ", statuses.Distinct().Select(status => TableClient.CreateQueryFilter($"RuntimeStatus eq {status.ToString()}")));

    private static IndexEntry Read(TableEntity entity) => new(
        TableKey.Decode(entity.RowKey),
        int.Parse(entity.PartitionKey.AsSpan(1), provider: CultureInfo.InvariantCulture),
        entity.GetString("Name") ?? "",
        entity.GetString("Version") ?? "",
        Enum.Parse<OrchestrationRuntimeStatus>(entity.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("LastUpdatedAt") ?? default,
        entity.GetDateTimeOffset("CompletedAt"));

    // The SDK's token is already a string; wrapping it keeps callers from depending on its shape.
    private static string? EncodeToken(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException error)
        {
            throw new ArgumentException($"The continuation token '{token}' was not returned by an index query.", nameof(token), error);
        }
    }
}
