using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceStoreHistoryTests
{
    [Fact]
    public async Task ReadHistoryAsync_OneEventOfEveryKind_RoundTripsEachExactly()
    {
        await using var hub = await TestHub.CreateAsync();
        var events = Samples.OneOfEachKind();
        var state = Samples.State(Samples.NewInstanceId(), historyLength: events.Count);

        await hub.Instances.CommitAsync(new StepCommit(state, null, events.Select(e => new HistoryRecord(0, e)).ToArray(), [], []));

        var read = await hub.Instances.ReadHistoryAsync(state.InstanceId, 0, events.Count);
        Assert.Equal(Samples.DeclaredKinds().Order(), events.Select(e => e.Kind).Order());
        Assert.Equal(events, read);
        Assert.Equal(events.Select(e => e.Timestamp.Ticks), read.Select(e => e.Timestamp.Ticks));
    }

    [Fact]
    public async Task ReadHistoryAsync_LargePayload_GoesToBlobAndReadsBackIdentically()
    {
        await using var hub = await TestHub.CreateAsync();
        var input = Samples.LargeJson(100_000);
        var big = new TaskScheduled("Upload", input) { EventId = 1, Timestamp = Samples.T0 };
        var small = new OrchestratorStarted { EventId = 0, Timestamp = Samples.T0 };
        var state = Samples.State(Samples.NewInstanceId(), historyLength: 2);

        await hub.Instances.CommitAsync(new StepCommit(state, null, [new HistoryRecord(0, small), new HistoryRecord(0, big)], [], []));

        var read = await hub.Instances.ReadHistoryAsync(state.InstanceId, 0, 2);
        Assert.Equal(input, Assert.IsType<TaskScheduled>(read[1]).Input);
        var blobs = await ListBlobsAsync(hub, "history/");
        var blob = Assert.Single(blobs);
        Assert.StartsWith($"history/{TableKey.Encode(state.InstanceId)}/0/1-", blob, StringComparison.Ordinal);
        var row = await HistoryTable(hub).GetEntityAsync<TableEntity>(TableKey.Encode(state.InstanceId), HistoryRows.RowKey(TableKey.Encode(state.InstanceId), 0, 1));
        Assert.Equal(blob, row.Value.GetString("EventBlob"));
        Assert.Null(row.Value.GetString("Event"));
    }

    [Fact]
    public async Task CommitAsync_250EventsAndOutbox_SpansSeveralBatchesAndReadsBackWhole()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        var events = Enumerable.Range(1, 250).Select(i => Record(0, i)).ToArray();
        var outbox = Enumerable.Range(0, 120).Select(i => Samples.Activity(id, $"a-{i}")).ToArray();
        var batches = 0;
        hub.Instances.BetweenBatchesForTests = _ => Task.FromResult(++batches);

        await hub.Instances.CommitAsync(new StepCommit(
            Samples.State(id, historyLength: 251) with { OutboxIds = outbox.Select(m => m.MessageId).ToArray() }, etag, events, outbox, []));

        Assert.True(batches >= 3, $"expected at least 4 transactions for 370 rows, saw {batches + 1}");
        var read = await hub.Instances.ReadHistoryAsync(id, 0, 251);
        Assert.Equal(Enumerable.Range(0, 251), read.Select(e => e.EventId));
        Assert.Equal(events.Select(r => r.Event), read.Skip(1));
        Assert.Equal(outbox, await hub.Instances.ReadOutboxAsync(id, outbox.Select(m => m.MessageId)));
        Assert.Equal(251, (await hub.Instances.ReadStateAsync(id))!.Value.State.HistoryLength);
    }

    [Fact]
    public async Task CommitAsync_MultiBatchWhoseLastBatchFails_LeavesCommittedHistoryUnchanged()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var committed = Enumerable.Range(0, 5).Select(i => Record(0, i)).ToArray();
        var etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 5), null, committed, [], []));
        var step = Enumerable.Range(5, 245).Select(i => Record(0, i, "\"never visible\"")).ToArray();
        hub.Instances.BetweenBatchesForTests = async batch =>
        {
            if (batch == 1)
            {
                // Another writer commits in between, as a new partition owner would.
                var (current, currentETag) = (await hub.Instances.ReadStateAsync(id))!.Value;
                await hub.Instances.WriteStateAsync(current with { CustomStatus = "\"other writer\"" }, currentETag);
            }
        };

        await Assert.ThrowsAsync<InstanceConflictException>(() =>
            hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 250), etag, step, [], [])));

        var (state, _) = (await hub.Instances.ReadStateAsync(id))!.Value;
        Assert.Equal(5, state.HistoryLength);
        Assert.Equal("\"other writer\"", state.CustomStatus);
        Assert.Equal(committed.Select(r => r.Event), await hub.Instances.ReadHistoryAsync(id, 0, 5));
        Assert.Equal(committed, await hub.Instances.ReadAllHistoryAsync(id));
    }

    [Fact]
    public async Task CommitAsync_StaleETagOnMultiBatchStep_WritesNoRowAtAll()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var stale = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        var winner = Enumerable.Range(1, 3).Select(i => Record(0, i, "\"winner\"")).ToArray();
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 4), stale, winner, [], []));

        var loser = Enumerable.Range(1, 200).Select(i => Record(0, i, "\"loser\"")).ToArray();
        await Assert.ThrowsAsync<InstanceConflictException>(() =>
            hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 201), stale, loser, [], [])));

        var rows = await CountRowsAsync(hub, id);
        Assert.Equal(1 + 4, rows);
        Assert.Equal(winner.Select(r => r.Event), (await hub.Instances.ReadHistoryAsync(id, 0, 4)).Skip(1));
    }

    [Fact]
    public async Task CommitAsync_NewInstanceWithMultiBatchFirstStep_BecomesVisibleOnlyWhenWhole()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var events = Enumerable.Range(0, 150).Select(i => Record(0, i)).ToArray();
        (InstanceState, Azure.ETag)? seenBetween = default;
        hub.Instances.BetweenBatchesForTests = async _ => seenBetween = await hub.Instances.ReadStateAsync(id);

        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 150), null, events, [], []));

        Assert.Null(seenBetween);
        Assert.Equal(150, (await hub.Instances.ReadHistoryAsync(id, 0, 150)).Count);
        hub.Instances.BetweenBatchesForTests = null;
        await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() =>
            hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 150), null, events, [], [])));
    }

    [Fact]
    public async Task ReadAllHistoryAsync_SeveralGenerations_ReturnsEachGenerationsCommittedEvents()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var gen0 = new[] { Record(0, 0), Record(0, 1), Completed(0, 2) };
        var etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 3), null, gen0, [], []));

        // ContinueAsNew: the step ends generation 0 and starts generation 1 in one commit.
        var gen1 = new[] { Record(1, 0), Completed(1, 1) };
        etag = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 2, generation: 1), etag, gen1, [], []));
        var gen2 = new[] { Record(2, 0), Record(2, 1) };
        await hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 2, generation: 2), etag, gen2, [], []));

        Assert.Equal(gen0.Concat(gen1).Concat(gen2), await hub.Instances.ReadAllHistoryAsync(id));
        Assert.Equal(gen0.Select(r => r.Event), await hub.Instances.ReadHistoryAsync(id, 0, 3));
        Assert.Equal(gen1.Select(r => r.Event), await hub.Instances.ReadHistoryAsync(id, 1, 2));
        Assert.Equal(gen2.Take(1).Select(r => r.Event), await hub.Instances.ReadHistoryAsync(id, 2, 1));
    }

    [Fact]
    public async Task CommitAsync_EventBeyondTheStatesHistoryLength_IsRefused()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            hub.Instances.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0), Record(0, 1)], [], [])));

        Assert.Contains("HistoryLength", error.Message, StringComparison.Ordinal);
        Assert.Null(await hub.Instances.ReadStateAsync(id));
    }

    internal static HistoryRecord Record(int generation, int eventId, string? input = null) =>
        new(generation, new TaskScheduled($"Activity{eventId}", input ?? $"{{\"n\":{eventId}}}") { EventId = eventId, Timestamp = Samples.T0.AddSeconds(eventId) });

    private static HistoryRecord Completed(int generation, int eventId) =>
        new(generation, new ExecutionCompleted(OrchestrationRuntimeStatus.ContinuedAsNew, null, null) { EventId = eventId, Timestamp = Samples.T0 });

    internal static TableClient HistoryTable(TestHub hub) =>
        hub.Storage.Account.Tables.GetTableClient(hub.Storage.Names.HistoryTable);

    internal static async Task<int> CountRowsAsync(TestHub hub, string instanceId)
    {
        var count = 0;
        await foreach (var _ in HistoryTable(hub).QueryAsync<TableEntity>(e => e.PartitionKey == TableKey.Encode(instanceId)))
        {
            count++;
        }

        return count;
    }

    internal static async Task<List<string>> ListBlobsAsync(TestHub hub, string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in hub.Storage.Payloads.Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
