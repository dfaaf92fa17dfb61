using System.Globalization;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// History rows of an instance's partition: RowKey <c>h{generation:D6}-{sequence:D8}.{tag}</c> (see
/// <see cref="RowKeyTag"/>; after the sequence number, so rows sort by generation and place and
/// <see cref="Bound"/> delimits ranges whatever the tag), the DurableTask.Core event's JSON
/// (<see cref="HistoryEventJson"/>) in <c>Event</c> or, when too long, in a blob named by
/// <c>EventBlob</c>; <c>RequestedBy</c> when a client acted for someone; plus <c>Kind</c>,
/// <c>Generation</c>, <c>Sequence</c> and <c>EventId</c> columns for people reading the table.
/// </summary>
internal static class HistoryRows
{
    /// <summary>All history row keys start with this and sort below <see cref="UpperBound"/>.</summary>
    public const string Prefix = "h";

    public const string UpperBound = "i";

    private const string EventColumn = "Event";

    private const string RequestedByColumn = "RequestedBy";

    public static string RowKey(string partitionKey, int generation, int sequence) =>
        Bound(generation, sequence) + "." + RowKeyTag.Of(partitionKey);

    /// <summary>Sorts after the rows of events before <paramref name="sequence"/> and before the others of the generation.</summary>
    public static string Bound(int generation, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"h{generation:D6}-{sequence:D8}");

    public static string GenerationPrefix(int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"h{generation:D6}-");

    public static PreparedRow Create(string partitionKey, HistoryRecord record)
    {
        if (record.Sequence < 0)
        {
            throw new ArgumentException(
                $"A {HistoryEventJson.KindOf(record.Event)} event of generation {record.Generation} has no place in the history ({record.Sequence}): events must be numbered before they are committed.",
                nameof(record));
        }

        var entity = new TableEntity(partitionKey, RowKey(partitionKey, record.Generation, record.Sequence))
        {
            ["Kind"] = HistoryEventJson.KindOf(record.Event),
            ["Generation"] = record.Generation,
            ["Sequence"] = record.Sequence,
            ["EventId"] = record.Event.EventId,
        };
        if (record.RequestedBy is { } requester)
        {
            entity[RequestedByColumn] = requester;
        }

        var blob = PayloadColumn.Set(
            entity,
            EventColumn,
            HistoryEventJson.Serialize(record.Event),
            string.Create(CultureInfo.InvariantCulture, $"history/{partitionKey}/{record.Generation}/{record.Sequence}"));
        return new PreparedRow(entity, blob);
    }

    public static async ValueTask<HistoryRecord> ReadAsync(TableEntity entity, PayloadStore payloads, CancellationToken cancellationToken)
    {
        var json = await PayloadColumn.ReadAsync(entity, EventColumn, payloads, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The history row '{entity.PartitionKey}'/'{entity.RowKey}' holds no event.");
        return new HistoryRecord(
            entity.GetInt32("Generation") ?? 0,
            entity.GetInt32("Sequence") ?? -1,
            HistoryEventJson.Deserialize(json),
            entity.GetString(RequestedByColumn));
    }
}
