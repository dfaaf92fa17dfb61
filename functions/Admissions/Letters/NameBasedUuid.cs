using System.Security.Cryptography;
using System.Text;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// Name-based UUIDs (version 5, SHA-1, RFC 9562 section 5.5): the same name always gives the same
/// UUID, so a retried letter carries the same resource ids and the receiver sees the same message.
/// MedCom asks for UUIDs shaped like version 4 (its invariant checks the shape only); random ones
/// would differ on every retry.
/// </summary>
internal static class NameBasedUuid
{
    /// <summary>The namespace of every UUID the discharge letters use (chosen once, never to change).</summary>
    public static readonly Guid LetterNamespace = new("6f1d3c52-8a4e-4b8f-9a37-2c5e0d7b41a9");

    /// <summary>The UUID of <paramref name="name"/> in <paramref name="space"/>.</summary>
    public static Guid Create(Guid space, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        space.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5: a name's fingerprint, not a security measure.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary><c>urn:uuid:</c> and the UUID, as fullUrls and identifiers are written.</summary>
    public static string Urn(Guid uuid) => "urn:uuid:" + uuid.ToString("D");
}
