using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Shared access signature tokens for Service Bus, made from a policy's key name and key:
/// <c>SharedAccessSignature sr={resource}&amp;sig={signature}&amp;se={expiry}&amp;skn={keyName}</c>,
/// where the signature is the Base64 HMAC-SHA256, keyed with the key's UTF-8 bytes, of the
/// URL-encoded resource URI, a line feed and the expiry in Unix seconds. One token is cached and
/// reused until <see cref="RenewBefore"/> its expiry.
/// </summary>
/// <remarks>
/// The clock must be the wall clock in production: Service Bus checks the expiry against real
/// time, even when the host runs its workflows on a virtual clock. Tests pass a virtual one.
/// </remarks>
internal sealed class ServiceBusSasTokenProvider
{
    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>How long before its expiry a cached token is replaced, so that a request in flight never carries an expired one.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly string _keyName;
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private Cached? _cached;

    public ServiceBusSasTokenProvider(string keyName, string key, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(time);
        _keyName = keyName;
        _key = Encoding.UTF8.GetBytes(key);
        _time = time;
    }

    /// <summary>A token for <paramref name="resource"/> (the entity's URI) valid for at least <see cref="RenewBefore"/>.</summary>
    public string GetToken(string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var now = _time.GetUtcNow();
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && cached.Resource == resource && cached.ExpiresAt - RenewBefore > now)
        {
            return cached.Token;
        }

        // Whole seconds, rounded down: the token never lives longer than Lifetime.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + Lifetime).ToUnixTimeSeconds());
        var fresh = new Cached(resource, Create(resource, expiresAt), expiresAt);

        // Two callers racing here both make a valid token; either may stay cached.
        Volatile.Write(ref _cached, fresh);
        return fresh.Token;
    }

    private string Create(string resource, DateTimeOffset expiresAt)
    {
        var encodedResource = Uri.EscapeDataString(resource);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry)));
        return $"SharedAccessSignature sr={encodedResource}&sig={Uri.EscapeDataString(signature)}&se={expiry}&skn={Uri.EscapeDataString(_keyName)}";
    }

    private sealed record Cached(string Resource, string Token, DateTimeOffset ExpiresAt);
}
