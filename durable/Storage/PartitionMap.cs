using System.Text;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Which partition an instance belongs to. The hash must never change between processes,
/// machines or .NET versions (instances would move queues), so it is FNV-1a over the id's UTF-8
/// bytes, not <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class PartitionMap
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static int PartitionOf(string instanceId, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)(Fnv1a(instanceId) % (uint)partitionCount);
    }

    public static uint Fnv1a(string value)
    {
        var hash = OffsetBasis;
        var length = Encoding.UTF8.GetByteCount(value);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, bytes);
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }
}
