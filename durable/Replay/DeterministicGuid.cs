using System.Security.Cryptography;
using System.Text;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>Name-based (version 5, SHA-1) UUIDs as in RFC 4122 §4.3: the same name always gives the same GUID.</summary>
internal static class DeterministicGuid
{
    /// <summary>The RFC 4122 name space for URLs; any fixed GUID would do, this one is well known.</summary>
    private static readonly Guid NameSpace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[16 + nameBytes.Length];
        NameSpace.TryWriteBytes(data, bigEndian: true, out _);
        nameBytes.CopyTo(data, 16);

        // SHA-1 is what version 5 UUIDs are defined with; nothing here depends on it for security.
#pragma warning disable CA5350
        var hash = SHA1.HashData(data);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
