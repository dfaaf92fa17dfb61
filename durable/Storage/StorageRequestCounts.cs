namespace HaH.Orchestration.Durable.Storage;

/// <summary>A snapshot of a <see cref="StorageRequestCounter"/>.</summary>
/// <param name="ByOperation">Requests per <c>service/operation</c>, e.g. <c>table/batch</c> or <c>queue/receive</c>.</param>
public sealed record StorageRequestCounts(IReadOnlyDictionary<string, long> ByOperation)
{
    /// <summary>Every request sent, retries included.</summary>
    public long Total => ByOperation.Values.Sum();

    /// <summary>Requests sent to the table service.</summary>
    public long Table => Of(StorageService.Table);

    /// <summary>Requests sent to the queue service.</summary>
    public long Queue => Of(StorageService.Queue);

    /// <summary>Requests sent to the blob service.</summary>
    public long Blob => Of(StorageService.Blob);

    /// <summary>Requests sent to one service.</summary>
    public long Of(StorageService service)
    {
        var prefix = StorageRequestCounter.Prefix(service);
        return ByOperation.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(pair => pair.Value);
    }

    /// <summary>Requests of one operation, e.g. <c>Operation(StorageService.Table, "batch")</c>.</summary>
    public long Operation(StorageService service, string operation) =>
        ByOperation.TryGetValue(StorageRequestCounter.Prefix(service) + operation, out var count) ? count : 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Total} requests ({string.Join(", ", ByOperation.Where(pair => pair.Value > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"))})";
}
