using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using static HaH.Orchestration.Durable.Tests.Storage.InstanceStoreHistoryTests;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceStoreOutboxTests
{
    [Fact]
    public async Task CommitAsync_OutboxRowsThenDeliveredInLaterCommits_AreWrittenThenDeleted()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        WorkMessage[] sent = [Samples.Activity(id, "a-1"), Samples.Message("other/1", "e-1"), Samples.Activity(id, "a-big", Samples.LargeJson(60_000))];
        var state = Samples.State(id, historyLength: 1) with { OutboxIds = sent.Select(m => m.MessageId).ToArray() };
        var etag = await hub.Instances.CommitAsync(new StepCommit(state, null, [Record(0, 0)], sent, []));

        Assert.Equal(Samples.Json(sent), Samples.Json(await hub.Instances.ReadOutboxAsync(id, state.OutboxIds)));
        Assert.Single(await ListBlobsAsync(hub, "outbox/"));

        // The next step delivers two of them and sends one more.
        var next = Samples.Activity(id, "a-2");
        state = state with { HistoryLength = 2, OutboxIds = ["e-1", "a-2"] };
        etag = await hub.Instances.CommitAsync(new StepCommit(state, etag, [Record(0, 1)], [next], ["a-1", "a-big"]));

        Assert.Equal(Samples.Json([sent[1], next]), Samples.Json(await hub.Instances.ReadOutboxAsync(id, ["a-1", "e-1", "a-big", "a-2"])));

        // A delivered id whose row is already gone (e.g. deleted by an earlier, retried commit) is no error.
        state = state with { OutboxIds = [] };
        await hub.Instances.CommitAsync(new StepCommit(state, etag, [], [], ["e-1", "a-2", "a-1"]));

        Assert.Empty(await hub.Instances.ReadOutboxAsync(id, ["a-1", "e-1", "a-big", "a-2"]));
        Assert.Equal(1 + 2, await CountRowsAsync(hub, id));
    }

    [Fact]
    public async Task CommitAsync_MessageNotListedInOutboxIds_IsRefused()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            hub.Instances.CommitAsync(new StepCommit(Samples.State(id), null, [], [Samples.Activity(id, "unlisted")], [])));
    }

    [Fact]
    public async Task CommitAsync_RetryAfterCrashBetweenBatchesOfNewInstance_TakesOverThePlaceholder()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var events = Enumerable.Range(0, 120).Select(i => Record(0, i)).ToArray();
        var commit = new StepCommit(Samples.State(id, historyLength: 120), null, events, [], []);
        hub.Instances.BetweenBatchesForTests = _ => throw new IOException("worker crashed");
        await Assert.ThrowsAsync<IOException>(() => hub.Instances.CommitAsync(commit));
        Assert.Null(await hub.Instances.ReadStateAsync(id));

        hub.Instances.BetweenBatchesForTests = null;
        await hub.Instances.CommitAsync(commit);

        Assert.Equal(Samples.Json(events), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 0, 120)));
    }

    [Fact]
    public async Task PurgeAsync_InstanceWithRowsAndBlobs_RemovesAllOfThemAndOnlyThem()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var other = Samples.NewInstanceId();
        var big = Samples.Activity(id, "big", Samples.LargeJson(50_000));
        var state = Samples.State(id, historyLength: 150) with { Input = Samples.LargeJson(40_000), OutboxIds = ["big"] };
        var events = Enumerable.Range(0, 150).Select(i => Record(0, i, i == 3 ? Samples.LargeJson(35_000) : null)).ToArray();
        await hub.Instances.CommitAsync(new StepCommit(state, null, events, [big], []));
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(other, historyLength: 1), null, [Record(0, 0, Samples.LargeJson(35_000))], [], []));
        // Blobs: the purged instance's event 3, outbox message and input; the other instance's event 0.
        Assert.Equal(4, (await ListBlobsAsync(hub, "")).Count);

        Assert.True(await hub.Instances.PurgeAsync(id));

        Assert.Equal(0, await CountRowsAsync(hub, id));
        Assert.Null(await hub.Instances.ReadStateAsync(id));
        var left = (await ListBlobsAsync(hub, "")).ToArray();
        Assert.Equal([$"history/{TableKey.Encode(other)}/0/0"], left.Select(name => name[..name.LastIndexOf('-')]));
        Assert.Equal(2, await CountRowsAsync(hub, other));
        Assert.False(await hub.Instances.PurgeAsync(id));
    }

    [Fact]
    public async Task TableKey_InstanceIdWithEveryForbiddenCharacter_WorksAsPartitionKey()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = "a/b\\c#d?e~f\u0001g\u007fh'i%j k+ü€\t";
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));

        Assert.Equal(id, (await hub.Instances.ReadStateAsync(id))!.Value.State.InstanceId);
        Assert.Single(await hub.Instances.ReadHistoryAsync(id, 0, 1));
        var row = await HistoryTable(hub).GetEntityAsync<TableEntity>(TableKey.Encode(id), StateRow.RowKey(TableKey.Encode(id)));
        Assert.Equal(id, TableKey.Decode(row.Value.PartitionKey));
    }
}
