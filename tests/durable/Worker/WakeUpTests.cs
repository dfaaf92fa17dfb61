using System.Diagnostics;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Durable.Tests.Worker;

/// <summary>
/// A message another process sends reaches an idle worker within a peek of the wake-up queue, not
/// after the worker's long idle poll; the listener wakes only the partitions it owns, once per note.
/// </summary>
public sealed class WakeUpTests
{
    private static readonly TimeSpan SlowPolling = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnEventFromAnotherProcessReachesAnIdleWorkerBeforeItsNextPoll()
    {
        await using var worker = await TestRuntime.StartAsync(
            registry => registry.AddOrchestratorFunc<string?, string>("Admission", (context, _) => context.WaitForExternalEvent<string>("Consent")),
            options =>
            {
                // Without the wake-up queue, the event would wait for the next poll, 30 s away.
                options.MinPollingInterval = options.MaxPollingInterval = SlowPolling;
                options.WakeUpPollingInterval = TimeSpan.FromMilliseconds(100);
            });
        await using var otherProcess = await TestRuntime.StartAsync(_ => { }, taskHub: worker.TaskHub, runWorker: false);
        var id = await worker.Client.ScheduleNewOrchestrationInstanceAsync("Admission");
        await worker.Client.WaitForInstanceStartAsync(id);
        await worker.Runtime.WaitForIdleAsync();

        var raised = Stopwatch.StartNew();
        await otherProcess.Client.RaiseEventAsync(id, "Consent", "given");
        var done = await worker.WaitForCompletionAsync(id, SlowPolling / 2);

        Assert.Equal("given", done.ReadOutputAs<string>());
        Assert.True(raised.Elapsed < SlowPolling / 2, $"took {raised.Elapsed}");
    }

    [Fact]
    public async Task WithTwoWorkersEachTakesTheRingsForItsOwnPartitionFromAnotherProcess()
    {
        static void SlowPollingQuickPeeks(AzureStorageOptions options)
        {
            options.MinPollingInterval = options.MaxPollingInterval = SlowPolling;
            options.WakeUpPollingInterval = TimeSpan.FromMilliseconds(100);
        }

        static void Register(DurableTaskRegistry registry) =>
            registry.AddOrchestratorFunc<string?, string>("Admission", (context, _) => context.WaitForExternalEvent<string>("Consent"));

        await using var first = await TestRuntime.StartAsync(Register, SlowPollingQuickPeeks);
        await using var second = await TestRuntime.StartAsync(Register, SlowPollingQuickPeeks, taskHub: first.TaskHub);
        await using var otherProcess = await TestRuntime.StartAsync(_ => { }, taskHub: first.TaskHub, runWorker: false);
        await WaitUntilAsync(() => first.Owned.All.Count == 1 && second.Owned.All.Count == 1, "each worker owns one of the two partitions");

        // One admission in each partition, so each worker must act on notes the other one sees too.
        var ids = Enumerable.Range(0, 2)
            .Select(partition => Enumerable.Range(0, 100).Select(i => "adm-" + i).First(id => PartitionMap.PartitionOf(id, 2) == partition))
            .ToList();
        var started = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            await otherProcess.Client.ScheduleNewOrchestrationInstanceAsync("Admission", null, new StartOrchestrationOptions { InstanceId = id });
        }

        foreach (var id in ids)
        {
            await otherProcess.Client.WaitForInstanceStartAsync(id);
            await otherProcess.Client.RaiseEventAsync(id, "Consent", "given");
        }

        foreach (var id in ids)
        {
            Assert.Equal("given", (await otherProcess.WaitForCompletionAsync(id, SlowPolling / 2)).ReadOutputAs<string>());
        }

        Assert.True(started.Elapsed < SlowPolling / 2, $"took {started.Elapsed}");
    }

    [Fact]
    public void ANoteWakesTheOwnedPartitionItNamesOnce()
    {
        var (owned, listener) = Listener(ownedPartitions: [0, 2]);
        var now = DateTimeOffset.UtcNow;

        listener.Wake([new WakeUp("a", 2), new WakeUp("b", 1)], now);

        Assert.Equal([false, true], Polling(owned));
        Polled(owned);
        listener.Wake([new WakeUp("a", 2), new WakeUp("b", 1)], now.AddSeconds(1));
        Assert.Equal([false, false], Polling(owned));
    }

    [Fact]
    public void AFullPageWithNewsWakesEveryOwnedPartition()
    {
        var (owned, listener) = Listener(ownedPartitions: [0, 2]);
        var page = Enumerable.Range(0, WakeUpQueue.PeekLimit).Select(i => new WakeUp("n" + i, 3)).ToList();

        listener.Wake(page, DateTimeOffset.UtcNow);

        Assert.Equal([true, true], Polling(owned));
    }

    [Fact]
    public void ANoteIsForgottenLongAfterItExpired()
    {
        var (owned, listener) = Listener(ownedPartitions: [0]);
        var now = DateTimeOffset.UtcNow;
        listener.Wake([new WakeUp("a", 0)], now);
        Polled(owned);

        // A note with the same id after its memory ended counts as new (storage ids are unique; this shows the memory is bounded).
        listener.Wake([new WakeUp("a", 0)], now + (WakeUpQueue.TimeToLive * 3));

        Assert.Equal([true], Polling(owned));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting until " + what);
            await Task.Delay(50);
        }
    }

    private static (OwnedPartitions Owned, WakeUpListener Listener) Listener(int[] ownedPartitions)
    {
        var owned = new OwnedPartitions(4);
        foreach (var partition in ownedPartitions)
        {
            owned.Add(new OwnedPartition(partition, 10, new AsyncSignal()));
        }

        return (owned, new WakeUpListener(null!, owned, TimeSpan.FromSeconds(1), NullLogger.Instance));
    }

    private static bool[] Polling(OwnedPartitions owned) => owned.All.OrderBy(p => p.Partition).Select(p => p.Inbox.PollRequested).ToArray();

    private static void Polled(OwnedPartitions owned)
    {
        foreach (var partition in owned.All)
        {
            partition.Inbox.Polled();
        }
    }
}
