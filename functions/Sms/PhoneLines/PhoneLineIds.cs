using System.Security.Cryptography;
using System.Text;

namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>
/// Every phone the product texts has one phone line instance. Its id is a pseudonym of the number —
/// <c>phone-</c> and the first 128 bits of HMAC-SHA256(<c>Sms:PseudonymKey</c>, number) in hex — so
/// instance ids, histories' event targets, logs and spans never show the number, while the id stays
/// the same for a number for as long as the key does (replays and every sender agree on it).
/// </summary>
/// <remarks>
/// A plain hash would not do: Danish numbers are eight digits, so anyone could hash them all. The
/// key is a secret of the deployment; the orchestrations compute ids with it when they run, so it
/// never appears in a history.
/// </remarks>
internal sealed class PhoneLineIds
{
    public const string Prefix = "phone-";

    private readonly byte[] _key;

    public PhoneLineIds(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>The phone line instance id of <paramref name="phone"/> (E.164).</summary>
    public string For(string phone)
    {
        ArgumentException.ThrowIfNullOrEmpty(phone);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(phone), hash);
        return Prefix + Convert.ToHexStringLower(hash[..16]);
    }
}
