using Azure.Data.Tables;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using static HaH.Orchestration.Durable.Tests.Storage.InstanceStoreHistoryTests;

namespace HaH.Orchestration.Durable.Tests.Storage;

/// <summary>
/// Inbox rows: a message for an instance written beside it (by the process that owns its
/// partition), read back by recovery with the state in one query, and deleted by the commit that
/// consumes it — in the transaction that makes the step visible, never earlier.
/// </summary>
public sealed class InstanceStoreInboxTests
{
    [Fact]
    public async Task WriteInboxAsync_ThenReadStateAndInbox_ReturnsTheStateAndTheMessagesWithTheirDeliveries()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        OrchestrationMessage[] sent = [Samples.Message(id, "e-1"), Samples.Message(id, "e-big", Samples.LargeJson(60_000))];
        foreach (var message in sent)
        {
            await hub.Instances.WriteInboxAsync(message);
        }

        await hub.Instances.WriteInboxAsync(Samples.Message("other/1", "e-other"));

        var (found, inbox) = await hub.Instances.ReadStateAndInboxAsync(id);

        Assert.Equal(id, found!.Value.State.InstanceId);
        var received = await Task.WhenAll(inbox.Select(row => hub.Instances.ReadInboxRowAsync(row).AsTask()));
        Assert.Equal(Samples.Json(sent).Order(), received.Select(r => Samples.Json(r.Message!)).Order());
        Assert.All(received, r => Assert.Equal(1, r.DequeueCount));

        // A recovery that finds a row counts a delivery, for the poison limit.
        await hub.Instances.CountInboxDeliveryAsync(inbox[0]);
        var (_, again) = await hub.Instances.ReadStateAndInboxAsync(id);
        var counted = await hub.Instances.ReadInboxRowAsync(again.Single(row => row.RowKey == inbox[0].RowKey));
        Assert.Equal(2, counted.DequeueCount);
        Assert.Equal(Samples.Json(sent).Order(), (await Task.WhenAll(again.Select(row => hub.Instances.ReadInboxRowAsync(row).AsTask()))).Select(r => Samples.Json(r.Message!)).Order());
    }

    [Fact]
    public async Task CommitAsync_ConsumedInboxIds_DeletesTheRowsInTheSameTransaction_AndOnesAlreadyGoneAreNoError()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        await hub.Instances.WriteInboxAsync(Samples.Message(id, "e-1"));
        await hub.Instances.WriteInboxAsync(Samples.Message(id, "e-2"));

        etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 2), etag, [Record(0, 1)], [], [], ["e-1"]));

        Assert.Equal([InboxRows.RowKey("e-2")], (await hub.Instances.ReadStateAndInboxAsync(id)).Inbox.Select(row => row.RowKey));
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 3), etag, [Record(0, 2)], [], [], ["e-1", "e-2", "e-2"]));
        Assert.Empty((await hub.Instances.ReadStateAndInboxAsync(id)).Inbox);
        Assert.Equal(1 + 3, await CountRowsAsync(hub, id));
    }

    [Fact]
    public async Task CommitAsync_MultiBatchStep_DeletesConsumedInboxRowsOnlyWithTheLastTransaction()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        var consumed = Enumerable.Range(1, 10).Select(i => $"e-{i}").ToArray();
        foreach (var messageId in consumed)
        {
            await hub.Instances.WriteInboxAsync(Samples.Message(id, messageId));
        }

        var rowsBetweenBatches = new List<int>();
        hub.Instances.BetweenBatchesForTests = async _ => rowsBetweenBatches.Add((await hub.Instances.ReadStateAndInboxAsync(id)).Inbox.Count);

        // 95 new rows and 10 deletes do not fit one transaction: no delete may ride in the first,
        // or a crash before the last would lose those messages.
        var events = Enumerable.Range(1, 95).Select(i => Record(0, i)).ToArray();
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 96), etag, events, [], [], consumed));

        Assert.NotEmpty(rowsBetweenBatches);
        Assert.All(rowsBetweenBatches, count => Assert.Equal(consumed.Length, count));
        Assert.Empty((await hub.Instances.ReadStateAndInboxAsync(id)).Inbox);
        Assert.Equal(96, (await hub.Instances.ReadStateAsync(id))!.Value.State.HistoryLength);
    }

    [Fact]
    public async Task InboxRow_WithABodyThatIsNotAMessage_ReadsAsPoison()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var table = hub.Storage.Account.Tables.GetTableClient(hub.Storage.Names.HistoryTable);
        await table.UpsertEntityAsync(new TableEntity(TableKey.Encode(id), InboxRows.RowKey("bad")) { ["Message"] = "not JSON", ["Deliveries"] = 3 });

        var (found, inbox) = await hub.Instances.ReadStateAndInboxAsync(id);

        Assert.Null(found);
        var received = await hub.Instances.ReadInboxRowAsync(Assert.Single(inbox));
        Assert.True(received.IsPoison);
        Assert.Equal(4, received.DequeueCount);
        Assert.Equal(hub.Storage.Names.HistoryTable + "-inbox", received.QueueName);
    }
}
