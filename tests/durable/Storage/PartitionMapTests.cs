using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class PartitionMapTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void Fnv1a_PublishedTestVectors_Match(string value, uint expected) =>
        Assert.Equal(expected, PartitionMap.Fnv1a(value));

    [Theory]
    // Expected values computed independently (a Python FNV-1a over the UTF-8 bytes).
    [InlineData("admission-0001", 4, 2)]
    [InlineData("admission-0002", 4, 3)]
    [InlineData("patient/42#visit", 4, 1)]
    [InlineData("ünïcode-ïd", 16, 0)]
    [InlineData("admission-0001", 16, 14)]
    public void PartitionOf_FixedIds_AlwaysMapToTheSamePartition(string instanceId, int partitionCount, int expected) =>
        Assert.Equal(expected, PartitionMap.PartitionOf(instanceId, partitionCount));

    [Fact]
    public void PartitionOf_ManyIds_SpreadsOverAllPartitions()
    {
        var counts = Enumerable.Range(0, 4_000).GroupBy(i => PartitionMap.PartitionOf($"admission-{i}", 16)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(16, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 150, 350));
    }
}
