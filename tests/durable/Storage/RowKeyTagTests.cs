using Azure.Data.Tables;
using HaH.Orchestration.Durable.Storage;
using static HaH.Orchestration.Durable.Tests.Storage.InstanceStoreHistoryTests;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class RowKeyTagTests
{
    [Theory]
    [InlineData("", "811c9dc5")]
    [InlineData("a", "e40c292c")]
    [InlineData("abc", "1a47e90b")]
    public void Of_KnownKeys_IsFnv1aAndNeverChanges(string partitionKey, string expected)
    {
        // Stored row keys depend on it: a different tag would hide every stored instance.
        Assert.Equal(expected, RowKeyTag.Of(partitionKey));
    }

    [Fact]
    public async Task CommitAsync_TwoInstances_WriteTheirStateAndHistoryUnderRowKeysNoOtherInstanceShares()
    {
        await using var hub = await TestHub.CreateAsync();
        var first = Samples.NewInstanceId();
        var second = Samples.NewInstanceId();
        foreach (var id in new[] { first, second })
        {
            await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 2), null, [Record(0, 0), Record(0, 1)], [], []));
        }

        var keys = new Dictionary<string, List<string>>();
        await foreach (var row in HistoryTable(hub).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            keys.TryAdd(row.PartitionKey, []);
            keys[row.PartitionKey].Add(row.RowKey);
        }

        Assert.Equal(3, keys[TableKey.Encode(first)].Count);
        Assert.Empty(keys[TableKey.Encode(first)].Intersect(keys[TableKey.Encode(second)]));
        Assert.Contains("state." + RowKeyTag.Of(TableKey.Encode(first)), keys[TableKey.Encode(first)]);
        Assert.Equal(2, (await hub.Instances.ReadHistoryAsync(second, 0, 2)).Count);
    }
}
