using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>Storage requests of a period: the total, and per operation (<c>service/operation</c>), sorted by count.</summary>
internal sealed record StorageFigures(long Total, IReadOnlyDictionary<string, long> ByOperation)
{
    public static StorageFigures From(IReadOnlyDictionary<string, long> counts) => new(
        counts.Values.Sum(),
        counts.Where(pair => pair.Value > 0).OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));

    /// <summary>The requests counted in <paramref name="after"/> but not yet in <paramref name="before"/>.</summary>
    public static IReadOnlyDictionary<string, long> Difference(StorageRequestCounts after, StorageRequestCounts before) =>
        after.ByOperation.ToDictionary(
            pair => pair.Key,
            pair => pair.Value - (before.ByOperation.TryGetValue(pair.Key, out var earlier) ? earlier : 0),
            StringComparer.Ordinal);

    /// <summary>The sum of several counts by operation.</summary>
    public static IReadOnlyDictionary<string, long> Sum(params IReadOnlyDictionary<string, long>[] parts) =>
        parts.SelectMany(part => part)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value), StringComparer.Ordinal);

    /// <summary>Each operation's requests divided by <paramref name="units"/> (e.g. per visit), to two decimals.</summary>
    public IReadOnlyDictionary<string, double> Per(long units) =>
        ByOperation.ToDictionary(pair => pair.Key, pair => Math.Round(pair.Value / (double)units, 2), StringComparer.Ordinal);
}
