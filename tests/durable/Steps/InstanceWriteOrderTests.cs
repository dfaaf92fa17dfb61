using HaH.Orchestration.Durable.Steps;

namespace HaH.Orchestration.Durable.Tests.Steps;

public sealed class InstanceWriteOrderTests
{
    [Fact]
    public async Task Then_WhileAnEarlierWriteOfTheInstanceRuns_StartsOnlyAfterIt()
    {
        var updates = new InstanceWriteOrder();
        var firstMayEnd = new TaskCompletionSource();
        var order = new List<string>();

        var first = updates.Then("adm/1", async () =>
        {
            await firstMayEnd.Task;
            lock (order) { order.Add("Running"); }
        });
        var second = updates.Then("adm/1", () =>
        {
            lock (order) { order.Add("Completed"); }
            return Task.CompletedTask;
        });

        Assert.False(second.IsCompleted);
        firstMayEnd.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Running", "Completed"], order);
    }

    [Fact]
    public async Task Then_OtherInstances_DoNotWaitForEachOther()
    {
        var updates = new InstanceWriteOrder();
        var never = new TaskCompletionSource();

        _ = updates.Then("adm/1", () => never.Task);
        var other = updates.Then("adm/2", () => Task.CompletedTask);

        await other.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Then_AfterAnEarlierWriteFailed_StillWritesAndOnlyTheFailedOneFaults()
    {
        var updates = new InstanceWriteOrder();
        var wrote = false;

        var failed = updates.Then("adm/1", () => Task.FromException(new InvalidOperationException("storage said no")));
        var next = updates.Then("adm/1", () =>
        {
            wrote = true;
            return Task.CompletedTask;
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(wrote);
    }
}
