using System.Text;
using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Splits the row writes of one step into entity-group transactions that Azure Tables accepts
/// (at most 100 entities and 4 MB each), leaving room in every one for the state row.
/// </summary>
internal static class TransactionPlan
{
    /// <summary>Rows per transaction besides the state row (Azure's limit is 100 entities).</summary>
    public const int MaxRowsPerBatch = 99;

    /// <summary>Bytes per transaction, under Azure's 4 MB with room for the multipart framing.</summary>
    public const long MaxBytesPerBatch = 3_500_000;

    // Headers of the changeset part, OData annotations and the system properties of one entity.
    private const int PerEntityOverhead = 1_024;

    /// <summary>
    /// Consecutive slices of <paramref name="actions"/>, in order, each fitting one transaction
    /// together with a state row of <paramref name="stateRowBytes"/>. Always at least one slice.
    /// </summary>
    public static List<List<TableTransactionAction>> Split(IReadOnlyList<TableTransactionAction> actions, long stateRowBytes)
    {
        var budget = MaxBytesPerBatch - stateRowBytes;
        var batches = new List<List<TableTransactionAction>> { new() };
        long bytes = 0;
        foreach (var action in actions)
        {
            var size = EstimateBytes(action.Entity);
            var current = batches[^1];
            if (current.Count > 0 && (current.Count == MaxRowsPerBatch || bytes + size > budget))
            {
                batches.Add(current = new List<TableTransactionAction>());
                bytes = 0;
            }

            current.Add(action);
            bytes += size;
        }

        return batches;
    }

    /// <summary>
    /// Adds <paramref name="actions"/> to the last transaction — the one that writes the state row
    /// and makes the step visible — or, when they do not fit there, as a new last one of their own.
    /// </summary>
    public static void AddToLast(List<List<TableTransactionAction>> batches, IEnumerable<TableTransactionAction> actions, long stateRowBytes)
    {
        var added = actions.ToList();
        if (added.Count == 0)
        {
            return;
        }

        var last = batches[^1];
        var bytes = last.Concat(added).Sum(action => EstimateBytes(action.Entity));
        if (last.Count + added.Count <= MaxRowsPerBatch && bytes + stateRowBytes <= MaxBytesPerBatch)
        {
            last.AddRange(added);
        }
        else
        {
            batches.Add(added);
        }
    }

    /// <summary>An upper estimate of an entity's size in a transaction's request body.</summary>
    public static long EstimateBytes(ITableEntity entity)
    {
        long bytes = PerEntityOverhead + (entity.PartitionKey.Length * 3) + (entity.RowKey.Length * 3);
        if (entity is TableEntity table)
        {
            foreach (var (name, value) in table)
            {
                bytes += name.Length + 64 + (value is string text ? JsonStringBytes(text) : 32);
            }
        }

        return bytes;
    }

    // A string property travels as a JSON string: UTF-8, with quotes and backslashes escaped.
    private static long JsonStringBytes(string text) =>
        Encoding.UTF8.GetByteCount(text) + text.AsSpan().Count('"') + text.AsSpan().Count('\\');
}
