using Azure.Core;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>Transport settings shared by the table, queue and blob clients.</summary>
public sealed record StorageClientSettings
{
    /// <summary>Retries of a failed request inside the SDK. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// Time-out of one request. Default 100 s: Azurite can stall for 10–35 s under load and a
    /// short time-out would turn a slow minute into failures.
    /// </summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Counts every request the account's clients send, when set. Default none. Shared by the
    /// table, queue and blob clients; retries count.
    /// </summary>
    public StorageRequestCounter? RequestCounter { get; init; }

    /// <summary>
    /// Requests the account's clients in this process have in flight at most; more wait, the
    /// urgent ones first (<see cref="StorageRequestGate"/>). Default 16, which keeps a single
    /// Azurite process busy without letting requests queue inside it; 0 means no bound.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 16;

    /// <summary>The gate the account's three clients share, or null without a bound.</summary>
    internal StorageRequestGate? NewGate() => MaxConcurrentRequests > 0 ? new StorageRequestGate(MaxConcurrentRequests) : null;

    internal T Apply<T>(T options, StorageService service, StorageRequestGate? gate) where T : ClientOptions
    {
        if (gate is not null)
        {
            options.AddPolicy(gate.CreatePolicy(service), HttpPipelinePosition.PerRetry);
        }

        if (RequestCounter is { } counter)
        {
            options.AddPolicy(counter.CreatePolicy(service), HttpPipelinePosition.PerRetry);
        }

        options.Retry.MaxRetries = MaxRetries;
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        return options;
    }
}
