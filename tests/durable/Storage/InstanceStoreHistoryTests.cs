using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceStoreHistoryTests
{
    [Fact]
    public async Task ReadHistoryAsync_OneEventOfEveryKind_RoundTripsEachExactly()
    {
        await using var hub = await TestHub.CreateAsync();
        var events = Samples.OneOfEachKind();
        var records = Samples.Records(0, events);
        records[3] = records[3] with { RequestedBy = "admin-key" };
        var state = Samples.State(Samples.NewInstanceId(), historyLength: events.Count);

        await hub.Instances.CommitAsync(new StepCommit(state, null, records, [], []));

        var read = await hub.Instances.ReadHistoryAsync(state.InstanceId, 0, events.Count);
        Assert.Equal(Samples.StoredKinds().Order(), events.Select(e => e.EventType).Order());
        Assert.Equal(Samples.Json(records), Samples.Json(read));
        Assert.Equal(events.Select(e => e.GetType()), read.Select(r => r.Event.GetType()));
        Assert.Equal(events.Select(e => e.EventId), read.Select(r => r.Event.EventId));
        Assert.Equal(events.Select(e => e.Timestamp.Ticks), read.Select(r => r.Event.Timestamp.Ticks));
        Assert.All(read, r => Assert.Equal(DateTimeKind.Utc, r.Event.Timestamp.Kind));

        // The fields the backend relies on, one by one (the JSON above cannot tell what both sides omit).
        var started = read.Select(r => r.Event).OfType<ExecutionStartedEvent>().Single();
        Assert.Equal(("Admission", "2", 0, "exec-0"), (started.Name, started.Version, started.Generation, started.OrchestrationInstance.ExecutionId));
        Assert.Equal(("p", "e", 4, "Parent"), (started.ParentInstance.OrchestrationInstance.InstanceId, started.ParentInstance.OrchestrationInstance.ExecutionId, started.ParentInstance.TaskScheduleId, started.ParentInstance.Name));
        Assert.Equal(Samples.T0.AddHours(1).UtcDateTime, started.ScheduledStartTime);
        var failure = read.Select(r => r.Event).OfType<TaskFailedEvent>().Single().FailureDetails!;
        Assert.Equal(("System.TimeoutException", "late", "at X", true), (failure.ErrorType, failure.ErrorMessage, failure.StackTrace, failure.IsNonRetriable));
        Assert.Equal("cause", failure.InnerFailure!.ErrorMessage);
        Assert.Equal(OrchestrationStatus.Failed, read.Select(r => r.Event).OfType<ExecutionCompletedEvent>().Single(e => e is not ContinueAsNewEvent).OrchestrationStatus);
        Assert.Equal(2, read.Select(r => r.Event).OfType<TimerFiredEvent>().Single().TimerId);
        Assert.Equal("Approved", read.Select(r => r.Event).OfType<EventRaisedEvent>().Single().Name);
        Assert.Equal(("other-1", "Ping"), read.Select(r => r.Event).OfType<EventSentEvent>().Select(e => (e.InstanceId, e.Name)).Single());
        Assert.Equal("admin-key", read[3].RequestedBy);
    }

    [Fact]
    public async Task ReadHistoryAsync_LargePayload_GoesToBlobAndReadsBackIdentically()
    {
        await using var hub = await TestHub.CreateAsync();
        var input = Samples.LargeJson(100_000);
        var small = new OrchestratorStartedEvent(-1) { Timestamp = Samples.T0.UtcDateTime };
        var big = new TaskScheduledEvent(0, "Upload", null, input) { Timestamp = Samples.T0.UtcDateTime };
        var state = Samples.State(Samples.NewInstanceId(), historyLength: 2);

        await hub.Instances.CommitAsync(new StepCommit(state, null, Samples.Records(0, [small, big]), [], []));

        var read = await hub.Instances.ReadHistoryAsync(state.InstanceId, 0, 2);
        Assert.Equal(input, Assert.IsType<TaskScheduledEvent>(read[1].Event).Input);
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
        Assert.Equal(Enumerable.Range(0, 251), read.Select(r => r.Sequence));
        Assert.Equal(Samples.Json(events), Samples.Json(read.Skip(1)));
        Assert.Equal(Samples.Json(outbox), Samples.Json(await hub.Instances.ReadOutboxAsync(id, outbox.Select(m => m.MessageId))));
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
        Assert.Equal(Samples.Json(committed), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 0, 5)));
        Assert.Equal(Samples.Json(committed), Samples.Json(await hub.Instances.ReadAllHistoryAsync(id)));
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
        Assert.Equal(Samples.Json(winner), Samples.Json((await hub.Instances.ReadHistoryAsync(id, 0, 4)).Skip(1)));
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

        Assert.Equal(Samples.Json(gen0.Concat(gen1).Concat(gen2)), Samples.Json(await hub.Instances.ReadAllHistoryAsync(id)));
        Assert.Equal(Samples.Json(gen0), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 0, 3)));
        Assert.Equal(Samples.Json(gen1), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 1, 2)));
        Assert.Equal(Samples.Json(gen2.Take(1)), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 2, 1)));
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

    /// <summary>The history row at <paramref name="sequence"/>: an activity decision whose task id is its place.</summary>
    internal static HistoryRecord Record(int generation, int sequence, string? input = null) =>
        new(generation, sequence, new TaskScheduledEvent(sequence, $"Activity{sequence}", null, input ?? $"{{\"n\":{sequence}}}") { Timestamp = Samples.T0.AddSeconds(sequence).UtcDateTime });

    private static HistoryRecord Completed(int generation, int sequence) =>
        new(generation, sequence, new ContinueAsNewEvent(sequence, null) { Timestamp = Samples.T0.UtcDateTime });

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
