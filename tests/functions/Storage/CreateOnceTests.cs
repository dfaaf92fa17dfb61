using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Tests.Storage;

public sealed class CreateOnceTests
{
    [Fact]
    public async Task EnsureAsync_ManyCallers_CreatesOnce()
    {
        var calls = 0;
        var gate = new TaskCompletionSource();
        var once = new CreateOnce(async _ =>
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
        });

        var waiting = Enumerable.Range(0, 5).Select(_ => once.EnsureAsync(default)).ToArray();
        gate.SetResult();
        await Task.WhenAll(waiting);
        await once.EnsureAsync(default);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task EnsureAsync_AfterAFailure_TriesAgain()
    {
        var calls = 0;
        var once = new CreateOnce(_ => ++calls == 1 ? Task.FromException(new IOException("storage is down")) : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => once.EnsureAsync(default));
        await once.EnsureAsync(default);
        await once.EnsureAsync(default);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task EnsureAsync_OneCallerGivesUp_OthersStillGetTheCreation()
    {
        var gate = new TaskCompletionSource();
        var once = new CreateOnce(_ => gate.Task);
        using var giveUp = new CancellationTokenSource();

        var impatient = once.EnsureAsync(giveUp.Token);
        var patient = once.EnsureAsync(default);
        await giveUp.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);
        await patient;
    }
}
