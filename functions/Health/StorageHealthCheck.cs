using Azure;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaH.Orchestration.Functions.Health;

/// <summary>
/// Ready when the table, queue and blob services all answer. Uses its own clients without
/// retries and with a short time-out, so readiness answers quickly instead of waiting out the
/// runtime's patient retry policy. The answer says only <c>reachable</c> or <c>unreachable</c>:
/// <c>/health/ready</c> needs no key, and which account (or emulator address) the host uses and why
/// it does not answer are for the log (event 200) and the start-up banner, not for anyone who asks.
/// </summary>
internal sealed class StorageHealthCheck(IConfiguration configuration, ILogger<StorageHealthCheck> logger) : IHealthCheck
{
    /// <summary>What the anonymous readiness answer says when storage answers.</summary>
    public const string Reachable = "reachable";

    /// <summary>What it says when storage does not.</summary>
    public const string Unreachable = "unreachable";

    private readonly Lazy<StorageAccount> _account = new(() => StorageRegistration.ReadAccount(
        configuration,
        new StorageClientSettings { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(3) }));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var account = _account.Value;
        try
        {
            await Task.WhenAll(
                account.Tables.GetPropertiesAsync(cancellationToken),
                account.Queues.GetPropertiesAsync(cancellationToken),
                account.Blobs.GetPropertiesAsync(cancellationToken));
            return HealthCheckResult.Healthy(Reachable);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TaskCanceledException or AggregateException)
        {
            var reason = $"{account.Description} does not answer ({ex.GetType().Name}: {FirstLine(ex.Message)})";
            logger.StorageUnreachable(reason);
            return HealthCheckResult.Unhealthy(Unreachable);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
