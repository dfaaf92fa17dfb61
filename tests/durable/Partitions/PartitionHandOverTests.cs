using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Tests.Storage;

namespace HaH.Orchestration.Durable.Tests.Partitions;

public sealed class PartitionHandOverTests
{
    /// <summary>
    /// A processor that stops with an inbox row's message it did not apply sends the message to the
    /// control queue for the partition's next owner, and only then deletes the row.
    /// </summary>
    [Fact]
    public async Task GiveBackAsync_InboxRowsMessage_GoesToTheControlQueueAndTheRowIsDeleted()
    {
        await using var hub = await TestHub.CreateAsync();
        var id = Samples.NewInstanceId();
        var message = Samples.Message(id, "e-1");
        await hub.Instances.WriteInboxAsync(message);
        var queue = hub.Storage.ControlQueue(0);

        await new PartitionHandOver(hub.Instances, queue).GiveBackAsync([WorkItem.InboxRow(message)]);

        var received = Assert.Single(await queue.ReceiveAsync(32, TimeSpan.FromSeconds(30)));
        Assert.Equal(Samples.Json(message), Samples.Json(received.Message!));
        Assert.Empty((await hub.Instances.ReadStateAndInboxAsync(id)).Inbox);
    }
}
