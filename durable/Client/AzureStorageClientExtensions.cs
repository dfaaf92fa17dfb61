using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Client;

/// <summary>
/// What this backend's client does beyond the Durable Task SDK's contract, on any
/// <see cref="DurableTaskClient"/>: recording who asked for a change, every generation's history,
/// pending timers and an instance's generation.
/// </summary>
public static class AzureStorageClientExtensions
{
    /// <summary>The metadata tag that holds an instance's generation (0, then +1 per continue-as-new).</summary>
    public const string GenerationTag = "generation";

    /// <summary>
    /// A client that records <paramref name="requester"/> (e.g. an administrator's key name) as
    /// <c>RequestedBy</c> beside the events it raises and the starts, terminations, suspensions and
    /// resumptions it sends, so that an instance's history shows who did what. Another backend's
    /// client cannot record it and is returned as it is.
    /// </summary>
    public static DurableTaskClient ActingAs(this DurableTaskClient client, string requester)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client is AzureStorageDurableTaskClient ours ? ours.ActingAs(requester) : client;
    }

    /// <summary>The whole history: every generation, oldest first, until purged.</summary>
    /// <exception cref="NotSupportedException">The client is not this backend's.</exception>
    public static Task<IReadOnlyList<OrchestrationGeneration>> GetGenerationsAsync(this DurableTaskClient client, string instanceId, CancellationToken cancellation = default) =>
        Ours(client).GetGenerationsAsync(instanceId, cancellation);

    /// <summary>The instance's timers that have not fired yet, earliest first; empty for an unknown instance.</summary>
    /// <exception cref="NotSupportedException">The client is not this backend's.</exception>
    public static Task<IReadOnlyList<DurableTimerInfo>> GetPendingTimersAsync(this DurableTaskClient client, string instanceId, CancellationToken cancellation = default) =>
        Ours(client).GetPendingTimersAsync(instanceId, cancellation);

    /// <summary>
    /// The instances of one orchestrator matching <paramref name="query"/>: the SDK's query has no
    /// name filter; this backend's index filters by name itself, so pages stay full.
    /// </summary>
    /// <exception cref="NotSupportedException">The client is not this backend's.</exception>
    public static AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(this DurableTaskClient client, OrchestrationQuery query, string orchestratorName) =>
        Ours(client).GetAllInstancesAsync(query, orchestratorName);

    /// <summary>One page of a query: the first after <see cref="OrchestrationQuery.ContinuationToken"/>, and the token of the next (null on the last).</summary>
    public static async Task<Page<OrchestrationMetadata>> GetPageAsync(this AsyncPageable<OrchestrationMetadata> instances, OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(query);
        await foreach (var page in instances.AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellation).ConfigureAwait(false))
        {
            return page;
        }

        return new Page<OrchestrationMetadata>([], null);
    }

    /// <summary>The generation this backend reports in the metadata's tags; 0 when there is none (another backend's).</summary>
    public static int Generation(this OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Tags.TryGetValue(GenerationTag, out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var generation) ? generation : 0;
    }

    private static AzureStorageDurableTaskClient Ours(DurableTaskClient client) =>
        client as AzureStorageDurableTaskClient
        ?? throw new NotSupportedException($"{client?.GetType().Name ?? "null"} is not the Azure Storage backend's client: history across generations and pending timers are this backend's.");
}
