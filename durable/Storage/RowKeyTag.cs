using System.Globalization;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A short tag, derived from an instance's partition key, that makes the row keys every instance
/// has (its state row, its history rows) differ between instances. Azure Tables does not need it:
/// a key is unique within its partition. Azurite does: it finds an entity through an index on
/// RowKey alone and then compares the PartitionKey of every entity with that RowKey, so with a
/// plain <c>state</c> row key every commit of every instance scanned all instances' state rows,
/// and Azurite's time per commit grew with the number of instances (measured: 40 % of its CPU at
/// 1,000 admissions). A tag collision costs only that comparison, never correctness.
/// </summary>
internal static class RowKeyTag
{
    /// <summary>FNV-1a (32 bits) of the partition key, as 8 hex digits: stable across processes and versions.</summary>
    public static string Of(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var hash = 2166136261u;
        foreach (var c in partitionKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
