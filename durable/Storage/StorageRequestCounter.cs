using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Core.Pipeline;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Counts every request the storage clients send (Azure Storage bills per request), per service
/// and per kind of operation. Thread-safe. Attach it with <see cref="StorageClientSettings.RequestCounter"/>;
/// it sits in the per-retry position of the client pipeline, so a retried request counts each time it is sent.
/// </summary>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    /// <summary>What has been counted since the start or the last <see cref="Reset"/>.</summary>
    public StorageRequestCounts Snapshot() =>
        new(_counts.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal));

    /// <summary>Sets every count back to zero.</summary>
    public void Reset()
    {
        foreach (var count in _counts.Values)
        {
            Interlocked.Exchange(ref count.Value, 0);
        }
    }

    /// <summary>A pipeline policy that counts the requests of one service's client into this counter.</summary>
    public HttpPipelinePolicy CreatePolicy(StorageService service) => new CountingPolicy(this, service);

    internal static string Prefix(StorageService service) => service switch
    {
        StorageService.Table => "table/",
        StorageService.Queue => "queue/",
        _ => "blob/",
    };

    private void Count(StorageService service, Request request)
    {
        var key = Prefix(service) + StorageOperation.Classify(service, request);
        Interlocked.Increment(ref _counts.GetOrAdd(key, static _ => new StrongBox<long>()).Value);
    }

    private sealed class CountingPolicy(StorageRequestCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Count(service, message.Request);
    }
}
