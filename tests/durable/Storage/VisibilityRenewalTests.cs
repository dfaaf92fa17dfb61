using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class VisibilityRenewalTests
{
    // Two seconds: an extension is sent after one, leaving a second for it on a loaded machine.
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task StopAsync_WorkOutlastingSeveralTimeOuts_MessageStayedInvisibleAndIsDeletedByTheCurrentReceipt()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.WorkItems;
        await queue.SendAsync(Samples.Activity("adm/1", "a-1"));
        var received = Assert.Single(await queue.ReceiveAsync(1, Visibility));

        // Azurite's clock is real time, so this waits in real time: three time-outs, watching the queue.
        var renewal = VisibilityRenewal.Start(queue, received, Visibility, CancellationToken.None);
        var until = TimeProvider.System.GetUtcNow() + 3 * Visibility;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            Assert.Empty(await queue.ReceiveAsync(1, Visibility));
            await Task.Delay(200);
        }

        var current = await renewal.StopAsync();
        Assert.NotEqual(received.PopReceipt, current.PopReceipt);
        await queue.DeleteAsync(current);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task Control_WithoutRenewalTheSameWait_TheMessageReappears()
    {
        await using var hub = await TestHub.CreateAsync();
        var queue = hub.Storage.WorkItems;
        await queue.SendAsync(Samples.Activity("adm/1", "a-1"));
        Assert.Single(await queue.ReceiveAsync(1, Visibility));

        var until = TimeProvider.System.GetUtcNow() + 3 * Visibility;
        var reappeared = false;
        while (!reappeared && TimeProvider.System.GetUtcNow() < until)
        {
            reappeared = (await queue.ReceiveAsync(1, Visibility)).Count > 0;
            await Task.Delay(200);
        }

        Assert.True(reappeared);
    }

    [Fact]
    public async Task StopAsync_WhileAnExtensionIsAnswered_KeepsTheReceiptTheExtensionGot()
    {
        await using var hub = await TestHub.CreateAsync();
        var slowAnswers = new SlowExtensionAnswers(TimeSpan.FromMilliseconds(300));
        var queue = await QueueWithPolicyAsync(hub, slowAnswers);
        await queue.SendAsync(Samples.Activity("adm/1", "a-1"));
        var received = Assert.Single(await queue.ReceiveAsync(1, Visibility));

        var renewal = VisibilityRenewal.Start(queue, received, Visibility, CancellationToken.None);
        await slowAnswers.FirstAnswered.WaitAsync(TimeSpan.FromSeconds(30));
        var current = await renewal.StopAsync();

        // Azurite already changed the receipt: deleting by the old one would fail (PopReceiptMismatch).
        Assert.NotEqual(received.PopReceipt, current.PopReceipt);
        await queue.DeleteAsync(current);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    private static async Task<MessageQueue> QueueWithPolicyAsync(TestHub hub, HttpPipelinePolicy policy)
    {
        var options = new QueueClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        var emulator = await TestAzurite.GetAsync();
        var client = new QueueClient(emulator.ConnectionString, hub.Storage.Names.WorkItemQueue, options);
        return new MessageQueue(client, hub.Storage.Payloads);
    }

    /// <summary>Holds back the answer of every visibility extension (a PUT with a pop receipt) after Azurite has applied it.</summary>
    private sealed class SlowExtensionAnswers(TimeSpan holdBack) : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource _firstAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstAnswered => _firstAnswered.Task;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Query.Contains("popreceipt=", StringComparison.OrdinalIgnoreCase))
            {
                _firstAnswered.TrySetResult();
                await Task.Delay(holdBack, message.CancellationToken);
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The queue is used asynchronously only.");
    }
}
