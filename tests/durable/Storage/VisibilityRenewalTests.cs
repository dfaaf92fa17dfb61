using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class VisibilityRenewalTests
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(1);

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
}
