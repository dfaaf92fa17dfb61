using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;
using static HaH.Orchestration.Durable.Tests.Storage.InstanceStoreHistoryTests;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class InstanceStoreRetryTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public async Task CommitAsync_TransactionAppliedButAnswerLost_RecognisesItsOwnCommit(bool creates, int lostBatch)
    {
        await using var hub = await TestHub.CreateAsync();
        var losing = new LoseAnswerOfBatch();
        var options = new TableClientOptions();
        options.AddPolicy(losing, HttpPipelinePosition.PerRetry);
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var tables = new TableServiceClient((await TestAzurite.GetAsync()).ConnectionString, options);
        var store = new InstanceStore(tables.GetTableClient(hub.Storage.Names.HistoryTable), hub.Storage.Payloads);
        var id = Samples.NewInstanceId();
        Azure.ETag? etag = null;
        if (!creates)
        {
            etag = await store.CommitAsync(new StepCommit(Samples.State(id, historyLength: 1), null, [Record(0, 0)], [], []));
        }

        var events = Enumerable.Range(0, 150).Select(i => Record(0, i)).ToArray();
        losing.LoseAnswerOf = losing.Batches + lostBatch;

        var committed = await store.CommitAsync(new StepCommit(Samples.State(id, historyLength: 150), etag, events, [], []));

        Assert.True(losing.Lost, "the test lost no answer");
        var (state, readETag) = (await store.ReadStateAsync(id))!.Value;
        Assert.Equal(readETag, committed);
        Assert.Equal(150, state.HistoryLength);
        Assert.Equal(Samples.Json(events), Samples.Json(await store.ReadHistoryAsync(id, 0, 150)));
    }

    /// <summary>Lets one transaction reach the service, then fails as if its answer never arrived, so the SDK retries it.</summary>
    private sealed class LoseAnswerOfBatch : HttpPipelinePolicy
    {
        public int Batches { get; private set; }

        public int LoseAnswerOf { get; set; } = -1;

        public bool Lost { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) && ++Batches == LoseAnswerOf)
            {
                Lost = true;
                throw new IOException("connection reset after the request was sent");
            }
        }
    }
}
