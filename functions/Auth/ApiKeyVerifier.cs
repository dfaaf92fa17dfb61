using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Checks a presented secret against the configured keys in constant time, for the
/// <c>x-api-key</c> scheme and the dashboard's sign-in alike. The documented development keys
/// count only in Development.
/// </summary>
internal sealed class ApiKeyVerifier(IOptionsMonitor<ApiKeyOptions> keys, IHostEnvironment environment)
{
    /// <summary>The key the secret belongs to, or null when it is no configured (or usable) key.</summary>
    public ApiKeyMatch? Verify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var presentedHash = Hash(presented);
        ApiKeyMatch? match = null;
        foreach (var (name, key) in keys.CurrentValue.Keys)
        {
            // Hashes first, so the comparison takes the same time whatever the lengths; every key
            // is compared, so the time does not tell which one matched.
            if (IsUsable(key) && CryptographicOperations.FixedTimeEquals(presentedHash, Hash(key.Key)) && match is null)
            {
                match = new ApiKeyMatch(name, key.Role, Fingerprint(key.Key));
            }
        }

        return match;
    }

    /// <summary>
    /// Whether a sign-in made with a key is still good: the key still exists under that name, with
    /// that role and the same secret. A rotated or removed key ends the dashboard sessions made with it.
    /// </summary>
    public bool IsCurrent(string? name, string? role, string? fingerprint) =>
        name is not null && fingerprint is not null
        && keys.CurrentValue.Keys.TryGetValue(name, out var key) && IsUsable(key)
        && string.Equals(key.Role, role, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Fingerprint(key.Key)), Encoding.ASCII.GetBytes(fingerprint));

    private bool IsUsable(ApiKey key) =>
        !string.IsNullOrEmpty(key.Key) && (environment.IsDevelopment() || !DevelopmentKeys.IsDevelopmentKey(key.Key));

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    // Kept in the (encrypted, signed) sign-in cookie to notice a changed secret; not the secret itself.
    private static string Fingerprint(string secret) => Convert.ToBase64String(Hash("hah-dashboard-session:" + secret).AsSpan(0, 16));
}

/// <summary>A configured key that a presented secret matched.</summary>
/// <param name="Name">The key's name (<c>Auth:Keys:{name}</c>), recorded as who asked.</param>
/// <param name="Role">Its role.</param>
/// <param name="Fingerprint">A one-way fingerprint of the secret, to notice when it changes.</param>
internal sealed record ApiKeyMatch(string Name, string Role, string Fingerprint);
