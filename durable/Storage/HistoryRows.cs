using System.Globalization;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// History rows of an instance's partition: RowKey <c>h{generation:D6}-{eventId:D8}.{tag}</c> (see
/// <see cref="RowKeyTag"/>; after the event id, so rows sort by generation and event and
/// <see cref="Bound"/> delimits ranges whatever the tag), the
/// event's JSON (with its <c>kind</c>) in <c>Event</c> or, when too long, in a blob named by
/// <c>EventBlob</c>; plus <c>Kind</c>, <c>Generation</c> and <c>EventId</c> columns for people
/// reading the table.
/// </summary>
internal static class HistoryRows
{
    /// <summary>All history row keys start with this and sort below <see cref="UpperBound"/>.</summary>
    public const string Prefix = "h";

    public const string UpperBound = "i";

    private const string EventColumn = "Event";

    public static string RowKey(string partitionKey, int generation, int eventId) =>
        Bound(generation, eventId) + "." + RowKeyTag.Of(partitionKey);

    /// <summary>Sorts after the rows of events before <paramref name="eventId"/> and before the others of the generation.</summary>
    public static string Bound(int generation, int eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"h{generation:D6}-{eventId:D8}");

    public static string GenerationPrefix(int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"h{generation:D6}-");

    public static PreparedRow Create(string partitionKey, HistoryRecord record)
    {
        var historyEvent = record.Event;
        if (historyEvent.EventId < 0)
        {
            throw new ArgumentException(
                $"A {historyEvent.Kind} event of generation {record.Generation} has no event id ({historyEvent.EventId}): events must be numbered before they are committed.",
                nameof(record));
        }

        var entity = new TableEntity(partitionKey, RowKey(partitionKey, record.Generation, historyEvent.EventId))
        {
            ["Kind"] = historyEvent.Kind,
            ["Generation"] = record.Generation,
            ["EventId"] = historyEvent.EventId,
        };
        var blob = PayloadColumn.Set(
            entity,
            EventColumn,
            StorageJson.Serialize(historyEvent),
            string.Create(CultureInfo.InvariantCulture, $"history/{partitionKey}/{record.Generation}/{historyEvent.EventId}"));
        return new PreparedRow(entity, blob);
    }

    public static async ValueTask<HistoryRecord> ReadAsync(TableEntity entity, PayloadStore payloads, CancellationToken cancellationToken)
    {
        var json = await PayloadColumn.ReadAsync(entity, EventColumn, payloads, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The history row '{entity.PartitionKey}'/'{entity.RowKey}' holds no event.");
        return new HistoryRecord(entity.GetInt32("Generation") ?? 0, StorageJson.Deserialize<HistoryEvent>(json));
    }
}
