using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Failed API keys and sign-ins per client address, in a sliding window: once an address has failed
/// <see cref="FailedAttemptOptions.Limit"/> times within <see cref="FailedAttemptOptions.Window"/>, every
/// attempt from it — a right key too — is answered 429 with <c>Retry-After</c> until its oldest failure
/// leaves the window. Checked before a key is verified, so a blocked address learns nothing about its guesses.
/// </summary>
/// <remarks>
/// <para>Not ASP.NET Core's rate limiter: that counts requests when they start, and this must count only
/// the ones that turn out to fail, and never slow down a good key or a health probe. What it keeps is a
/// sliding log: per address at most <c>Limit</c> instants, so an address costs little, and addresses whose
/// failures have all left the window are dropped.</para>
/// <para>The address is the connection's (behind a proxy, the client's: see <c>Http:ForwardedHeaders</c>);
/// an IPv6 client counts by its /64, which one subscriber usually holds whole. By the wall clock, also when the
/// workflows run on the virtual one.</para>
/// </remarks>
internal sealed class FailedAttempts(IOptions<FailedAttemptOptions> options, TimeProvider clock, ILogger<FailedAttempts> logger)
{
    // Past this many addresses, a record first drops those whose failures have left the window.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the request's address must wait before it may try again, or null when it may now.</summary>
    public TimeSpan? RetryAfter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_failures.TryGetValue(AddressOf(context), out var failures))
        {
            return null;
        }

        lock (failures)
        {
            var now = clock.GetUtcNow();
            Expire(failures, now);
            return failures.Count >= options.Value.Limit ? failures.Peek() + options.Value.Window - now : null;
        }
    }

    /// <summary>Counts a failed key or sign-in against the request's address.</summary>
    public void RecordFailure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_failures.Count > PruneAbove)
        {
            Prune();
        }

        var address = AddressOf(context);
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            var now = clock.GetUtcNow();
            Expire(failures, now);
            failures.Enqueue(now);
            while (failures.Count > options.Value.Limit)
            {
                failures.Dequeue();
            }

            if (failures.Count == options.Value.Limit)
            {
                logger.FailedAttemptsThrottled(address, options.Value.Limit, options.Value.WindowSeconds);
            }
        }
    }

    /// <summary>Whole seconds for a <c>Retry-After</c> header, at least 1.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>The address failures count against: IPv4, or the /64 of IPv6.</summary>
    internal static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + options.Value.Window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(address, failures));
                }
            }
        }
    }
}
