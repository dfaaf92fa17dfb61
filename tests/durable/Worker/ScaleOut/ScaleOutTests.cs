using System.Diagnostics;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace HaH.Orchestration.Durable.Tests.Worker.ScaleOut;

/// <summary>
/// Several worker processes on one task hub, on the real clock (leases are wall-clock time):
/// partitions spread over the workers through their leases, move to a worker that joins, are
/// handed over by a worker that stops, and are taken over from a worker killed with SIGKILL —
/// and every one of a few hundred instances completes with each history event once.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Instances = 300;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>The settings of every worker process: the shortest lease blob storage grants, and quick polling.</summary>
    internal static void Configure(AzureStorageOptions options)
    {
        options.LeaseDuration = LeaseDuration;
        options.LeaseRenewInterval = TimeSpan.FromSeconds(2);
        options.MessageVisibilityTimeout = TimeSpan.FromSeconds(15);
        options.MinPollingInterval = TimeSpan.FromMilliseconds(20);
        options.MaxPollingInterval = TimeSpan.FromMilliseconds(500);
    }

    [Fact]
    public async Task TwoWorkerProcesses_OneKilledMidRun_TheOtherTakesOverAndEveryInstanceCompletesOnce()
    {
        var hub = TestTaskHub.NewName();
        await using var client = await StartClientAsync(hub, partitions: 4);
        var connection = (await TestAzurite.GetAsync()).ConnectionString;
        var started = await Task.WhenAll(
            WorkerProcess.StartAsync(connection, hub, "worker-a", 4, output),
            WorkerProcess.StartAsync(connection, hub, "worker-b", 4, output));
        await using var a = started[0];
        await using var b = started[1];
        await WaitForOwnersAsync(client, "each worker holds two partitions", owners => Holds(owners, "worker-a") == 2 && Holds(owners, "worker-b") == 2);

        await StartInstancesAsync(client);
        await WaitUntilAsync($"{Instances / 6} instances completed", async () => await CountCompletedAsync(client) >= Instances / 6, TimeSpan.FromMinutes(2));
        var completedAtKill = await CountCompletedAsync(client);
        var sinceKill = Stopwatch.StartNew();
        await a.KillAsync();

        await WaitForOwnersAsync(client, "worker-b holds every partition", owners => Holds(owners, "worker-b") == 4);
        var takeover = sinceKill.Elapsed;
        await AssertEveryInstanceCompletedOnceAsync(client);
        output.WriteLine($"worker-a killed with {completedAtKill}/{Instances} completed; worker-b held every partition {takeover.TotalSeconds:0.0} s later; all done {sinceKill.Elapsed.TotalSeconds:0.0} s after the kill");
        Assert.True(completedAtKill < Instances, "The run was over before the kill.");
        Assert.True(takeover < LeaseDuration * 2.5, $"The killed worker's partitions moved only after {takeover.TotalSeconds:0.0} s (lease {LeaseDuration.TotalSeconds} s).");
    }

    [Fact]
    public async Task WorkerProcessesJoiningAndStopping_PartitionsSpreadAndAreHandedOver_EveryInstanceCompletesOnce()
    {
        var hub = TestTaskHub.NewName();
        await using var client = await StartClientAsync(hub, partitions: 6);
        var connection = (await TestAzurite.GetAsync()).ConnectionString;
        await using var a = await WorkerProcess.StartAsync(connection, hub, "worker-a", 6, output);
        await WaitForOwnersAsync(client, "worker-a alone holds every partition", owners => Holds(owners, "worker-a") == 6);

        // The others join while the instances are being started and run. Their events come only
        // once worker-a has stopped, so that every instance is still in flight at the hand-over
        // however fast the machine is.
        var starting = StartInstancesAsync(client, raiseEvents: false);
        await using var b = await WorkerProcess.StartAsync(connection, hub, "worker-b", 6, output);
        await WaitForOwnersAsync(client, "worker-b joined: three partitions each", owners => Holds(owners, "worker-a") == 3 && Holds(owners, "worker-b") == 3);
        await using var c = await WorkerProcess.StartAsync(connection, hub, "worker-c", 6, output);
        await WaitForOwnersAsync(client, "worker-c joined: two partitions each", owners => owners.GroupBy(o => o.OwnerId).All(g => g.Key is not null && g.Count() == 2));
        var completedAtStop = await CountCompletedAsync(client);

        await starting;
        await a.StopAsync();
        var stillHeldAfterStop = await StillHeldByAsync(client, "worker-a");
        await RaiseEventsAsync(client);
        await WaitForOwnersAsync(client, "worker-a's partitions handed over", owners => Holds(owners, "worker-b") == 3 && Holds(owners, "worker-c") == 3);

        var outputs = await AssertEveryInstanceCompletedOnceAsync(client);
        output.WriteLine($"worker-a stopped with {completedAtStop}/{Instances} completed; activities ran on {string.Join(", ", outputs.GroupBy(o => o.Split('@')[1]).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.True(stillHeldAfterStop == 0, $"worker-a still held {stillHeldAfterStop} partitions after it stopped: it did not release its leases.");
        Assert.True(completedAtStop < Instances, "The run was over before worker-a stopped.");
        // The events came after worker-a stopped, so the activities after them ran on its successors, both.
        Assert.Equal(["worker-b", "worker-c"], outputs.Select(o => o.Split('@')[1]).Distinct().Order());
    }

    private static int Holds(IReadOnlyList<PartitionOwner> owners, string workerId) => owners.Count(o => o.OwnerId == workerId);

    /// <summary>
    /// The partitions whose lease <paramref name="workerId"/> holds, in two reads half a second apart:
    /// a worker that has just acquired a released lease writes its id into the blob's metadata only
    /// after the lease is granted, so for a moment the lease reads as held by the previous owner.
    /// </summary>
    private static async Task<int> StillHeldByAsync(TestRuntime client, string workerId)
    {
        var first = await client.Storage.Leases.ReadOwnersAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var second = await client.Storage.Leases.ReadOwnersAsync();
        return first.Count(o => o.OwnerId == workerId && second.Any(again => again.Partition == o.Partition && again.OwnerId == workerId));
    }

    private static async Task<TestRuntime> StartClientAsync(string hub, int partitions)
    {
        var client = await TestRuntime.StartAsync(
            registry => ScaleOutScenario.Register(registry, "client"),
            options => options.PartitionCount = partitions,
            taskHub: hub,
            runWorker: false);

        // The hosted client creates the hub in the background: the leases container must exist before the test lists it.
        await client.Storage.EnsureCreatedAsync(CancellationToken.None);
        return client;
    }

    private static async Task StartInstancesAsync(TestRuntime client, bool raiseEvents = true)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, cancel) =>
        {
            var id = InstanceId(n);
            await client.Client.ScheduleNewOrchestrationInstanceAsync(ScaleOutScenario.Orchestration, n, new StartOrchestrationOptions { InstanceId = id }, cancel);
            if (raiseEvents)
            {
                await client.Client.RaiseEventAsync(id, ScaleOutScenario.Event, 1000, cancel);
            }
        });
    }

    private static Task RaiseEventsAsync(TestRuntime client) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, cancel) =>
            await client.Client.RaiseEventAsync(InstanceId(n), ScaleOutScenario.Event, 1000, cancel));

    private static string InstanceId(int n) => $"visit-{n:D3}";

    private static async Task<int> CountCompletedAsync(TestRuntime client)
    {
        var count = 0;
        string? continuation = null;
        do
        {
            var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000, ContinuationToken = continuation };
            var page = await client.Client.GetAllInstancesAsync(query).GetPageAsync(query);
            count += page.Values.Count;
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return count;
    }

    /// <summary>Every instance completed with the right output and each history event exactly once; returns the outputs.</summary>
    private async Task<IReadOnlyList<string>> AssertEveryInstanceCompletedOnceAsync(TestRuntime client)
    {
        await WaitUntilAsync("every instance completed", async () => await CountCompletedAsync(client) == Instances, TimeSpan.FromMinutes(3));
        var outputs = new string[Instances];
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            var id = InstanceId(n);
            var instance = await client.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
            outputs[n] = instance.ReadOutputAs<string>()!;
            Assert.StartsWith($"{n + 1000}@worker-", outputs[n], StringComparison.Ordinal);
            AssertEachEventOnce(id, await client.Client.OnlyGenerationAsync(id));
        });
        return outputs;
    }

    /// <summary>
    /// Each decision id and each answer once; the activity, the event and the pause exactly once. The
    /// event's time-out timer stays pending when the event beats it (DurableTask.Core does not cancel
    /// it) and never fires: the instance completes first.
    /// </summary>
    private static void AssertEachEventOnce(string id, IReadOnlyList<HistoryEvent> events)
    {
        HistoryChecks.AssertEachEventOnce(id, events);
        var scheduled = Assert.Single(events.OfType<TaskScheduledEvent>());
        Assert.Equal(scheduled.EventId, Assert.Single(events.OfType<TaskCompletedEvent>()).TaskScheduledId);
        Assert.Single(events.OfType<EventRaisedEvent>());
        Assert.Equal(2, events.OfType<TimerCreatedEvent>().Count());
        Assert.Single(events.OfType<TimerFiredEvent>());
    }

    private async Task WaitForOwnersAsync(TestRuntime client, string what, Func<IReadOnlyList<PartitionOwner>, bool> condition)
    {
        IReadOnlyList<PartitionOwner> owners = [];
        try
        {
            await WaitUntilAsync(what, async () => condition(owners = await client.Storage.Leases.ReadOwnersAsync()), TimeSpan.FromSeconds(90));
        }
        finally
        {
            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} test: {what}? owners {string.Join(", ", owners.Select(o => $"p{o.Partition}={o.OwnerId ?? "-"}"))}");
        }
    }

    private static async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
