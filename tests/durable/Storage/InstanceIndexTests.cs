using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Client;
using static Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceIndexTests
{
    private static readonly IndexEntry[] Entries =
    [
        Entry("adm/001", 0, "Admission", Running, 0),
        Entry("adm/002", 1, "Admission", Completed, 1),
        Entry("adm/003", 2, "Admission", Failed, 2),
        Entry("adm/010", 3, "Admission", Pending, 3),
        Entry("visit-1", 0, "Visit", Running, 4),
        Entry("visit-2", 1, "Visit", Suspended, 5),
        Entry("visit-3", 2, "Visit", Terminated, 6),
        Entry("adm#x", 3, "Admission", Running, 7),
        Entry("admission-9", 0, "Admission", Completed, 8),
        Entry("zeta", 1, "Other", Running, 9),
    ];

    [Fact]
    public async Task UpsertAsync_ThenGetAsyncAndUpsertAgain_ReturnsLatestEntry()
    {
        await using var hub = await TestHub.CreateAsync();
        var entry = Entries[0];

        await hub.Storage.Index.UpsertAsync(entry);
        await hub.Storage.Index.UpsertAsync(entry with { RuntimeStatus = Completed, CompletedAt = Samples.T0.AddDays(1) });

        var read = await hub.Storage.Index.GetAsync(entry.InstanceId, entry.Partition);
        Assert.Equal(entry with { RuntimeStatus = Completed, CompletedAt = Samples.T0.AddDays(1) }, read);
        Assert.Null(await hub.Storage.Index.GetAsync(entry.InstanceId, entry.Partition + 1));
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        await using var hub = await TestHub.CreateAsync();
        await hub.Storage.Index.UpsertAsync(Entries[1]);

        Assert.True(await hub.Storage.Index.DeleteAsync(Entries[1].InstanceId, Entries[1].Partition));
        Assert.False(await hub.Storage.Index.DeleteAsync(Entries[1].InstanceId, Entries[1].Partition));
        Assert.Null(await hub.Storage.Index.GetAsync(Entries[1].InstanceId, Entries[1].Partition));
    }

    [Fact]
    public async Task QueryAsync_EachFilter_ReturnsExactlyTheMatchingInstances()
    {
        await using var hub = await TestHub.CreateAsync();
        await Task.WhenAll(Entries.Select(entry => hub.Storage.Index.UpsertAsync(entry)));

        Assert.Equal(Ids(e => true), await QueryIdsAsync(hub, new InstanceQuery()));
        Assert.Equal(Ids(e => e.RuntimeStatus is Running or Suspended), await QueryIdsAsync(hub, new InstanceQuery { RuntimeStatus = [Running, Suspended] }));
        Assert.Equal(Ids(e => e.CreatedAt >= Samples.T0.AddHours(3)), await QueryIdsAsync(hub, new InstanceQuery { CreatedFrom = Samples.T0.AddHours(3) }));
        Assert.Equal(Ids(e => e.CreatedAt < Samples.T0.AddHours(3)), await QueryIdsAsync(hub, new InstanceQuery { CreatedTo = Samples.T0.AddHours(3) }));
        Assert.Equal(Ids(e => e.InstanceId.StartsWith("adm/", StringComparison.Ordinal)), await QueryIdsAsync(hub, new InstanceQuery { InstanceIdPrefix = "adm/" }));
        Assert.Equal(Ids(e => e.InstanceId.StartsWith("adm", StringComparison.Ordinal)), await QueryIdsAsync(hub, new InstanceQuery { InstanceIdPrefix = "adm" }));
        Assert.Equal(Ids(e => e.Name == "Visit"), await QueryIdsAsync(hub, new InstanceQuery { Name = "Visit" }));
        Assert.Equal(
            ["adm/001", "adm#x"],
            await QueryIdsAsync(hub, new InstanceQuery { Name = "Admission", RuntimeStatus = [Running], CreatedFrom = Samples.T0, CreatedTo = Samples.T0.AddHours(8) }));
    }

    [Fact]
    public async Task QueryAsync_TopSmallerThanMatches_PagesWithContinuationThroughEveryMatchOnce()
    {
        await using var hub = await TestHub.CreateAsync();
        await Task.WhenAll(Entries.Select(entry => hub.Storage.Index.UpsertAsync(entry)));
        var query = new InstanceQuery { Top = 3, RuntimeStatus = [Running, Completed, Failed, Pending, Suspended] };
        var seen = new List<string>();
        var pages = 0;

        do
        {
            var page = await hub.Storage.Index.QueryAsync(query);
            Assert.InRange(page.Entries.Count, 1, 3);
            seen.AddRange(page.Entries.Select(e => e.InstanceId));
            query = query with { ContinuationToken = page.ContinuationToken };
            pages++;
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(Ids(e => e.RuntimeStatus != Terminated).Order(), seen.Order());
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListPartitionAsync_NonTerminalOnly_ListsThatPartitionsUnfinishedInstances()
    {
        await using var hub = await TestHub.CreateAsync();
        await Task.WhenAll(Entries.Select(entry => hub.Storage.Index.UpsertAsync(entry)));

        var all = await hub.Storage.Index.ListPartitionAsync(1, nonTerminalOnly: false).Select(e => e.InstanceId).ToListAsync();
        var open = await hub.Storage.Index.ListPartitionAsync(1, nonTerminalOnly: true).Select(e => e.InstanceId).ToListAsync();

        Assert.Equal(["adm/002", "visit-2", "zeta"], all.Order());
        Assert.Equal(["visit-2", "zeta"], open.Order());
    }

    [Fact]
    public async Task QueryAsync_ForeignContinuationToken_ThrowsArgumentException()
    {
        await using var hub = await TestHub.CreateAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => hub.Storage.Index.QueryAsync(new InstanceQuery { ContinuationToken = "not a token!" }));
    }

    private static IndexEntry Entry(string id, int partition, string name, OrchestrationRuntimeStatus status, int hour) =>
        new(id, partition, name, "1", status, Samples.T0.AddHours(hour), Samples.T0.AddHours(hour + 1), null);

    private static List<string> Ids(Func<IndexEntry, bool> predicate) =>
        Entries.Where(predicate).OrderBy(e => e.Partition).ThenBy(e => TableKey.Encode(e.InstanceId), StringComparer.Ordinal).Select(e => e.InstanceId).ToList();

    private static async Task<List<string>> QueryIdsAsync(TestHub hub, InstanceQuery query)
    {
        var page = await hub.Storage.Index.QueryAsync(query);
        Assert.Null(page.ContinuationToken);
        return page.Entries.Select(e => e.InstanceId).ToList();
    }
}
