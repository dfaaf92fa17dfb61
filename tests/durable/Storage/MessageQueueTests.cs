using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class MessageQueueTests
{
    private static readonly TimeSpan Hidden = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task SendReceiveDelete_TwoMessages_ArriveIntactAndAreGoneAfterDelete()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.ControlQueue(1);
        WorkMessage[] sent = [Samples.Message("adm/1", "m-1"), Samples.Activity("adm/1", "m-2")];

        foreach (var message in sent)
        {
            await queue.SendAsync(message);
        }

        var received = await queue.ReceiveAsync(32, Hidden);
        Assert.Equal(Samples.Json(sent.OrderBy(m => m.MessageId)), Samples.Json(received.Select(r => r.Message!).OrderBy(m => m.MessageId)));
        Assert.All(received, r => Assert.Equal(1, r.DequeueCount));
        Assert.All(received, r => Assert.Equal(queue.Name, r.QueueName));
        Assert.Empty(await queue.ReceiveAsync(32, Hidden));

        foreach (var message in received)
        {
            await queue.DeleteAsync(message);
        }

        await queue.DeleteAsync(received[0]);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task ReleaseAsync_ReceivedMessage_BecomesVisibleAgainWithNewReceipt()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.WorkItems;
        await queue.SendAsync(Samples.Activity("adm/1", "m-1"));
        var first = Assert.Single(await queue.ReceiveAsync(1, Hidden));

        var released = await queue.ReleaseAsync(first, TimeSpan.Zero);

        Assert.NotEqual(first.PopReceipt, released.PopReceipt);
        var again = Assert.Single(await queue.ReceiveAsync(1, Hidden));
        Assert.Equal(2, again.DequeueCount);
        Assert.Equal(first.Message, again.Message);
    }

    [Fact]
    public async Task SendAsync_VisibilityDelay_HidesTheMessageUntilThen()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.ControlQueue(0);

        await queue.SendAsync(Samples.Message("adm/1", "later"), TimeSpan.FromHours(1));

        Assert.Empty(await queue.ReceiveAsync(32, Hidden));
        Assert.Equal(1, await queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task SendAsync_LargeMessage_TravelsThroughABlobAndReadsBackIdentically()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.ControlQueue(2);
        var large = Samples.Activity("adm/1", "big/1", Samples.LargeJson(100_000));

        await queue.SendAsync(large);

        var raw = Assert.Single((await hub.Storage.Account.Queues.GetQueueClient(queue.Name).PeekMessagesAsync(1)).Value);
        Assert.True(raw.Body.ToString().Length < 200, "the queue message carries only the blob's name");
        Assert.Equal(["messages/big~002F1"], await InstanceStoreHistoryTests.ListBlobsAsync(hub, "messages/"));
        var received = Assert.Single(await queue.ReceiveAsync(32, Hidden));
        Assert.Equal(large, received.Message);
    }

    [Fact]
    public async Task ReceiveAsync_UnparseableBody_ReturnsPoisonCandidateInsteadOfThrowing()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.ControlQueue(0);
        var client = hub.Storage.Account.Queues.GetQueueClient(queue.Name);
        await client.SendMessageAsync("this is not json");
        await client.SendMessageAsync("""{"type":"nonsense","messageId":"x"}""");
        await client.SendMessageAsync("""{"payloadBlob":"messages/missing"}""");
        await queue.SendAsync(Samples.Message("adm/1", "good"));

        var received = await queue.ReceiveAsync(32, Hidden);

        Assert.Equal(4, received.Count);
        var poison = received.Where(r => r.IsPoison).ToArray();
        Assert.Equal(3, poison.Length);
        Assert.All(poison, p => Assert.NotNull(p.ReadError));
        Assert.Contains(poison, p => p.Body == "this is not json");
        Assert.Equal("good", Assert.Single(received, r => !r.IsPoison).Message!.MessageId);
    }

    [Fact]
    public async Task MoveAsync_PoisonCandidate_IsVisibleInThePoisonTableThenDeletedFromQueue()
    {
        var clock = new FixedClock(Samples.T0);
        await using var hub = await TestHub.CreateAsync(clock: clock);
        var queue = hub.Storage.ControlQueue(3);
        await hub.Storage.Account.Queues.GetQueueClient(queue.Name).SendMessageAsync("{broken");
        await queue.SendAsync(Samples.Activity("adm/7", "m-7", Samples.LargeJson(50_000)));
        var received = await queue.ReceiveAsync(32, Hidden);
        var unreadable = Assert.Single(received, r => r.IsPoison);
        var failing = Assert.Single(received, r => !r.IsPoison);

        await hub.Storage.Poison.MoveAsync(unreadable, "unreadable body");
        await hub.Storage.Poison.MoveAsync(failing, "failed 5 times");
        await queue.DeleteAsync(unreadable);
        await queue.DeleteAsync(failing);

        var entries = await hub.Storage.Poison.ListAsync().ToListAsync();
        Assert.Equal(2, entries.Count);
        var first = Assert.Single(entries, e => e.MessageId is null);
        Assert.Equal("{broken", first.Body);
        Assert.StartsWith("unreadable body (", first.Reason, StringComparison.Ordinal);
        Assert.Equal(queue.Name, first.QueueName);
        Assert.Equal(unreadable.QueueMessageId, first.QueueMessageId);
        Assert.Equal(Samples.T0, first.MovedAt);
        var second = Assert.Single(entries, e => e.MessageId == "m-7");
        Assert.Equal("adm/7", second.InstanceId);
        Assert.Equal(failing.Body, second.Body);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
