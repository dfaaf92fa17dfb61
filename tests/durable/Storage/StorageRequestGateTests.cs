using Azure.Core;
using Azure.Core.Pipeline;
using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class StorageRequestGateTests
{
    [Fact]
    public async Task Leave_WaitersOfEveryUrgency_TheMostUrgentGoesFirstThenInArrivalOrder()
    {
        // A clock that stands still: no waiter grows old enough to jump the queue, however slow the machine.
        var gate = new StorageRequestGate(maxInFlight: 1, new VirtualTimeProvider(DateTimeOffset.UnixEpoch));
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        var order = new List<string>();
        Task Wait(RequestUrgency urgency, string name) => gate.EnterAsync(urgency, CancellationToken.None).AsTask().ContinueWith(_ => { lock (order) { order.Add(name); } }, TaskScheduler.Default);
        var waiting = new[]
        {
            Wait(RequestUrgency.Last, "delete"), Wait(RequestUrgency.Normal, "commit 1"), Wait(RequestUrgency.First, "receive"), Wait(RequestUrgency.Normal, "commit 2"),
        };
        Assert.All(waiting, task => Assert.False(task.IsCompleted));

        for (var i = 0; i < waiting.Length; i++)
        {
            gate.Leave();
            await Task.WhenAny(waiting.Where(task => !task.IsCompleted).Concat([Task.Delay(TimeSpan.FromSeconds(5))]));
            Assert.Equal(i + 1, waiting.Count(task => task.IsCompleted));
        }

        Assert.Equal(["receive", "commit 1", "commit 2", "delete"], order);
    }

    [Fact]
    public async Task Leave_LessUrgentRequestWaitedTooLong_GoesBeforeNewerUrgentOnes()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var gate = new StorageRequestGate(maxInFlight: 1, clock);
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        var delete = gate.EnterAsync(RequestUrgency.Last, CancellationToken.None).AsTask();
        clock.Advance(StorageRequestGate.MaxWaitBeforeTurn + TimeSpan.FromMilliseconds(1));
        var receive = gate.EnterAsync(RequestUrgency.First, CancellationToken.None).AsTask();

        gate.Leave();

        await delete.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(receive.IsCompleted);
        gate.Leave();
        await receive.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Promote_StepRaisedWhileItsCommitWaits_TheCommitGoesBeforeEarlierCommits()
    {
        var gate = new StorageRequestGate(maxInFlight: 1, new VirtualTimeProvider(DateTimeOffset.UnixEpoch));
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        var order = new List<string>();
        var otherCommit = Enter(gate, RequestUrgency.Normal, "other commit", order, step: null);
        var heldUp = new StepUrgency();
        var heldUpCommit = Enter(gate, RequestUrgency.Normal, "held-up commit", order, heldUp);
        var delete = Enter(gate, RequestUrgency.Last, "delete", order, heldUp);

        heldUp.Raise();
        await LeaveAndWaitForAsync(gate, heldUpCommit);
        await LeaveAndWaitForAsync(gate, otherCommit);
        await LeaveAndWaitForAsync(gate, delete);

        // Raising moved the step's commit only: its delete (clean-up) stays last.
        Assert.Equal(["held-up commit", "other commit", "delete"], order);
    }

    [Fact]
    public async Task EnterAsync_StepRaisedBeforeItsCommit_CommitGoesFirstUntilTheStepEnds()
    {
        var gate = new StorageRequestGate(maxInFlight: 1, new VirtualTimeProvider(DateTimeOffset.UnixEpoch));
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        var order = new List<string>();
        var otherCommit = Enter(gate, RequestUrgency.Normal, "other commit", order, step: null);
        var heldUp = new StepUrgency();
        heldUp.Raise();
        var raisedCommit = Enter(gate, RequestUrgency.Normal, "raised commit", order, heldUp);

        await LeaveAndWaitForAsync(gate, raisedCommit);
        heldUp.End();
        var afterTheStep = Enter(gate, RequestUrgency.Normal, "after the step", order, heldUp);
        await LeaveAndWaitForAsync(gate, otherCommit);
        await LeaveAndWaitForAsync(gate, afterTheStep);

        Assert.Equal(["raised commit", "other commit", "after the step"], order);
    }

    [Fact]
    public async Task EnterAsync_AfterWaitingForASlot_RecordsTheWaitWithItsUrgency()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var gate = new StorageRequestGate(maxInFlight: 1, clock);
        // A wait no other test's gate records: the listener hears every gate in the process.
        var waited = TimeSpan.FromMilliseconds(4321.5);
        var recorded = new List<(double Ms, string? Urgency)>();
        using var listener = GateWaitListener(recorded);
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        var commit = gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None).AsTask();

        clock.Advance(waited);
        gate.Leave();
        await commit.WaitAsync(TimeSpan.FromSeconds(5));

        lock (recorded)
        {
            Assert.Contains((waited.TotalMilliseconds, "Normal"), recorded);
        }
    }

    [Fact]
    public async Task EnterAsync_WaiterCancelled_TakesNoSlotAndTheNextWaiterGetsIt()
    {
        var gate = new StorageRequestGate(maxInFlight: 1);
        await gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(RequestUrgency.First, cancel.Token).AsTask();
        var next = gate.EnterAsync(RequestUrgency.Last, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.Leave();
        await next.WaitAsync(TimeSpan.FromSeconds(5));

        // The slot went to the one waiter left; leaving it frees the gate for a newcomer at once.
        gate.Leave();
        Assert.True(gate.EnterAsync(RequestUrgency.Normal, CancellationToken.None).IsCompletedSuccessfully);
    }

    /// <summary>
    /// An inbox row's write carries a message to a waiting step, like a queue's send: it goes first,
    /// not behind the commits of a busy worker (measured: behind them, events reached their
    /// instances after the step they used to share had started, and steps rose from 1.7 to 2.1 per visit).
    /// </summary>
    [Fact]
    public async Task UrgencyOf_TableWriteInAFlowThatDeliversAMessage_IsFirst_AndOnlyInThatFlow()
    {
        var pipeline = HttpPipelineBuilder.Build(new TableClientOptions());
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Put;
        message.Request.Uri.Reset(new Uri("http://127.0.0.1:10002/devstoreaccount1/hubHistory(PartitionKey='a',RowKey='i-m1')"));

        async Task<RequestUrgency> DeliveringAsync()
        {
            StorageRequestGate.DeliversMessage = true;
            await Task.Yield();
            return StorageRequestGate.UrgencyOf(StorageService.Table, message.Request);
        }

        Assert.Equal(RequestUrgency.Normal, StorageRequestGate.UrgencyOf(StorageService.Table, message.Request));
        Assert.Equal(RequestUrgency.First, await DeliveringAsync());
        Assert.Equal(RequestUrgency.Normal, StorageRequestGate.UrgencyOf(StorageService.Table, message.Request));
    }

    [Fact]
    public async Task Account_ManyParallelRequests_NeverHasMoreInFlightThanTheBound()
    {
        var azurite = await TestAzurite.GetAsync();
        var watch = new InFlightWatch();
        var settings = new StorageClientSettings { MaxConcurrentRequests = 3 };
        var options = settings.Apply(new TableClientOptions(), StorageService.Table, settings.NewGate());
        options.AddPolicy(watch, HttpPipelinePosition.PerRetry);
        var table = new TableServiceClient(azurite.ConnectionString, options).GetTableClient(TestTaskHub.NewName());
        await table.CreateAsync();

        var reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => table.GetEntityIfExistsAsync<TableEntity>("p", $"r{i}")));

        Assert.All(reads, read => Assert.False(read.HasValue));
        Assert.InRange(watch.Max, 2, 3);
    }

    /// <summary>Records the most requests in flight at once behind the gate.</summary>
    private sealed class InFlightWatch : HttpPipelinePolicy
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var now = Interlocked.Increment(ref _current);
            InterlockedMax(now);
            try
            {
                await Task.Delay(5);
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        }

        private void InterlockedMax(int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
            {
            }
        }
    }

    private static MeterListener GateWaitListener(List<(double Ms, string? Urgency)> recorded)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DurableTelemetry.Name && instrument.Name == "durable.storage.gate.wait")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? urgency = null;
            foreach (var tag in tags)
            {
                urgency = tag.Key == "urgency" ? tag.Value as string : urgency;
            }

            lock (recorded)
            {
                recorded.Add((value, urgency));
            }
        });
        listener.Start();
        return listener;
    }

    /// <summary>Waits for the gate as a request of <paramref name="step"/> (none: outside any step); notes its turn in <paramref name="order"/>.</summary>
    private static Task Enter(StorageRequestGate gate, RequestUrgency urgency, string name, List<string> order, StepUrgency? step)
    {
        // A task of its own, so that the ambient step stays with this request; waiting until it
        // is queued keeps the arrival order the test means.
        var queuedBefore = gate.QueuedRequests;
        var entered = Task.Run(async () =>
        {
            StepUrgency.Current = step;
            await gate.EnterAsync(urgency, CancellationToken.None);
            lock (order)
            {
                order.Add(name);
            }
        });
        Assert.True(SpinWait.SpinUntil(() => gate.QueuedRequests > queuedBefore, TimeSpan.FromSeconds(5)));
        return entered;
    }

    private static async Task LeaveAndWaitForAsync(StorageRequestGate gate, Task next)
    {
        gate.Leave();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
