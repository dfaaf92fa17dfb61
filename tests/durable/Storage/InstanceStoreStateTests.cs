using DurableTask.Core;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceStoreStateTests
{
    [Fact]
    public async Task CommitAsync_InsertThenUpdateWithCurrentETag_StoresEveryField()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var created = Samples.State(id);

        var first = await hub.Instances.CommitAsync(new StepCommit(created, null, [], [], []));
        var updated = created with
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            Output = """{"done":1}""",
            Failure = Samples.Failure(),
            CompletedAt = Samples.T0.AddHours(2),
            CustomStatus = null,
            PendingTimers = [],
            RecentMessageIds = ["m-9"],
            IndexedStatus = OrchestrationRuntimeStatus.Running,
        };
        var second = await hub.Instances.CommitAsync(new StepCommit(updated, first, [], [], []));

        var (state, etag) = (await hub.Instances.ReadStateAsync(id)).GetValueOrDefault();
        Assert.NotEqual(first, second);
        Assert.Equal(second, etag);
        AssertSameState(updated, state);
    }

    [Fact]
    public async Task ReadStateAsync_InsertedState_RoundTripsIncludingListsAndTicks()
    {
        await using var hub = await TestHub.CreateAsync();
        var state = Samples.State(Samples.NewInstanceId());

        await hub.Instances.CommitAsync(new StepCommit(state, null, [], [], []));

        AssertSameState(state, (await hub.Instances.ReadStateAsync(state.InstanceId))!.Value.State);
    }

    [Fact]
    public async Task ReadStateAsync_WithoutInputAndOutput_ReadsNeitherBlobButTheCustomStatus()
    {
        var counter = new StorageRequestCounter();
        await using var hub = await TestHub.CreateAsync(counter: counter);
        var large = "\"" + new string('x', 40_000) + "\"";
        var state = Samples.State(Samples.NewInstanceId()) with { Input = large, Output = large, CustomStatus = "\"small\"" };
        await hub.Instances.CommitAsync(new StepCommit(state, null, [], [], []));
        counter.Reset();

        var (status, _) = (await hub.Instances.ReadStateAsync(state.InstanceId, withInputAndOutput: false))!.Value;
        var light = counter.Snapshot();
        var (whole, _) = (await hub.Instances.ReadStateAsync(state.InstanceId, withInputAndOutput: true))!.Value;

        Assert.Equal((null, null, "\"small\""), (status.Input, status.Output, status.CustomStatus));
        Assert.Equal(0, light.Operation(StorageService.Blob, "download"));
        Assert.Equal(1, light.Operation(StorageService.Table, "point-read"));
        Assert.Equal((large, large), (whole.Input, whole.Output));
    }

    [Fact]
    public async Task ReadStateAsync_UnknownInstance_ReturnsNull()
    {
        await using var hub = await TestHub.CreateAsync();
        Assert.Null(await hub.Instances.ReadStateAsync("nobody"));
    }

    [Fact]
    public async Task CommitAsync_StaleETag_ThrowsConflictAndWritesNothing()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var stale = await hub.Instances.CommitAsync(new StepCommit(Samples.State(id), null, [], [], []));
        var winner = Samples.State(id, historyLength: 2) with { CustomStatus = "\"winner\"" };
        var winnerEvents = Samples.Records(0, Samples.OneOfEachKind().Take(2));
        await hub.Instances.CommitAsync(new StepCommit(winner, stale, winnerEvents, [], []));

        var loser = Samples.State(id, historyLength: 3) with { CustomStatus = "\"loser\"", OutboxIds = ["x"] };
        var loserEvents = Samples.Records(0, Samples.OneOfEachKind().Skip(5).Take(3));
        await Assert.ThrowsAsync<InstanceConflictException>(() =>
            hub.Instances.CommitAsync(new StepCommit(loser, stale, loserEvents, [Samples.Message("other", "x")], [])));

        var (state, _) = (await hub.Instances.ReadStateAsync(id))!.Value;
        Assert.Equal("\"winner\"", state.CustomStatus);
        Assert.Equal(Samples.Json(winnerEvents), Samples.Json(await hub.Instances.ReadHistoryAsync(id, 0, 2)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.Instances.ReadHistoryAsync(id, 0, 3));
        Assert.Empty(await hub.Instances.ReadOutboxAsync(id, ["x"]));
    }

    [Fact]
    public async Task CommitAsync_InsertTwice_ThrowsAlreadyExists()
    {
        await using var hub = await TestHub.CreateAsync();
        var state = Samples.State(Samples.NewInstanceId());
        await hub.Instances.CommitAsync(new StepCommit(state, null, [], [], []));

        var error = await Assert.ThrowsAsync<InstanceAlreadyExistsException>(() =>
            hub.Instances.CommitAsync(new StepCommit(state with { Name = "Other" }, null, [], [], [])));

        Assert.Contains(state.InstanceId, error.Message, StringComparison.Ordinal);
        Assert.Equal("Admission", (await hub.Instances.ReadStateAsync(state.InstanceId))!.Value.State.Name);
    }

    [Fact]
    public async Task WriteStateAsync_CurrentETagThenStaleETag_UpdatesThenThrowsConflict()
    {
        await using var hub = await TestHub.CreateAsync();
        var state = Samples.State(Samples.NewInstanceId()) with { OutboxIds = ["a"] };
        var etag = await hub.Instances.CommitAsync(new StepCommit(state, null, [], [Samples.Activity(state.InstanceId, "a")], []));

        var cleared = await hub.Instances.WriteStateAsync(state with { OutboxIds = [] }, etag);

        Assert.Empty((await hub.Instances.ReadStateAsync(state.InstanceId))!.Value.State.OutboxIds);
        await Assert.ThrowsAsync<InstanceConflictException>(() => hub.Instances.WriteStateAsync(state with { Name = "Stale" }, etag));
        Assert.Equal(cleared, (await hub.Instances.ReadStateAsync(state.InstanceId))!.Value.ETag);
    }

    [Fact]
    public async Task ReadStateAsync_LargePayloadsAndLongLists_RoundTripThroughBlobsAndChunks()
    {
        await using var hub = await TestHub.CreateAsync();
        var state = Samples.State(Samples.NewInstanceId()) with
        {
            Input = Samples.LargeJson(100_000),
            CustomStatus = Samples.LargeJson(40_000),
            OutboxIds = Enumerable.Range(0, 2_000).Select(i => $"message-{i:D6}-{Guid.Empty}").ToArray(),
            PendingTimers = Enumerable.Range(0, 1_000).Select(i => new PendingTimer(i, Samples.T0.AddMinutes(i))).ToArray(),
        };

        await hub.Instances.CommitAsync(new StepCommit(state, null, [], [], []));

        AssertSameState(state, (await hub.Instances.ReadStateAsync(state.InstanceId))!.Value.State);
    }

    internal static void AssertSameState(InstanceState expected, InstanceState actual)
    {
        // DurableTask.Core's FailureDetails compares its inner failure by reference: compared as stored instead.
        Assert.Equal(
            expected with { PendingTimers = [], OutboxIds = [], RecentMessageIds = [], Failure = null },
            actual with { PendingTimers = [], OutboxIds = [], RecentMessageIds = [], Failure = null });
        Assert.Equal(Json(expected.Failure), Json(actual.Failure));
        Assert.Equal(expected.PendingTimers, actual.PendingTimers);
        Assert.Equal(expected.OutboxIds, actual.OutboxIds);
        Assert.Equal(expected.RecentMessageIds, actual.RecentMessageIds);
        Assert.Equal(expected.CreatedAt.Ticks, actual.CreatedAt.Ticks);
        Assert.Equal(TimeSpan.Zero, actual.CreatedAt.Offset);
    }

    private static string? Json(FailureDetails? failure) => failure is null ? null : StorageJson.Serialize(failure);
}
