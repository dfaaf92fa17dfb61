using DurableTask.Core.History;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Steps;

namespace HaH.Orchestration.Durable.Tests.Steps;

public sealed class StepSchedulerTests
{
    [Fact]
    public async Task Add_WorkForAnInstanceWhoseStepRuns_WaitsAndGoesIntoItsNextStepTogether()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 4);

        scheduler.Add([Item("a", "1")]);
        var first = await steps.NextStartedAsync();
        scheduler.Add([Item("a", "2")]);
        scheduler.Add([Item("b", "1"), Item("a", "3")]);
        var other = await steps.NextStartedAsync();

        Assert.Equal("a: 1", first.Describe());
        Assert.Equal("b: 1", other.Describe());
        Assert.False(steps.HasStarted);

        first.Finish();
        Assert.Equal("a: 2 3", (await steps.NextStartedAsync()).Describe());
    }

    [Fact]
    public async Task Add_WorkForAnInstanceWhoseStepRuns_RaisesThatStepsUrgencyUntilItEnds()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 4);
        scheduler.Add([Item("a", "1"), Item("b", "1")]);
        var a = await steps.NextStartedAsync();
        var b = await steps.NextStartedAsync();
        Assert.False(a.Urgency!.IsRaised);

        scheduler.Add([Item("a", "2")]);

        Assert.True(a.Urgency.IsRaised);
        Assert.False(b.Urgency!.IsRaised);
        a.Finish();
        var next = await steps.NextStartedAsync();
        Assert.False(a.Urgency.IsRaised);
        Assert.False(next.Urgency!.IsRaised);
        Assert.NotSame(a.Urgency, next.Urgency);
    }

    [Fact]
    public async Task Add_MoreInstancesThanSlots_StartsTheRestAsStepsEndInArrivalOrder()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 2);

        scheduler.Add([Item("a", "1"), Item("b", "1"), Item("c", "1"), Item("d", "1")]);
        var a = await steps.NextStartedAsync();
        await steps.NextStartedAsync();

        Assert.False(steps.HasStarted);
        Assert.Equal(2, scheduler.WaitingInstances);
        a.Finish();
        Assert.Equal("c", (await steps.NextStartedAsync()).InstanceId);
        Assert.Equal(1, scheduler.WaitingInstances);
    }

    [Fact]
    public async Task StopAsync_AfterAStepFailed_StartsNothingMoreAndReturnsTheFailedAndWaitingWork()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 1);
        scheduler.Add([Item("a", "1"), Item("b", "1")]);

        (await steps.NextStartedAsync()).Fail(new IOException("storage gone"));
        await steps.ChangedAsync();
        var left = await scheduler.StopAsync();

        Assert.IsType<IOException>(scheduler.Failure);
        Assert.False(steps.HasStarted);
        Assert.Equal(["a/1", "b/1"], left.Select(item => item.InstanceId + "/" + item.MessageId).Order());
        Assert.False(scheduler.Add([Item("c", "1")]));
        Assert.Equal(0, steps.InFlight);
    }

    [Fact]
    public async Task Add_ActivityResultWhileBusy_WaitsForTheEventThatFollowsAndBothMakeOneStep()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 4);
        scheduler.Add([Item("busy", "1")]);
        await steps.NextStartedAsync();

        scheduler.Add([Result("a", "result")]);
        Assert.Equal(1, scheduler.CoalescingInstances);
        scheduler.Add([Item("a", "event")]);

        Assert.Equal("a: result event", (await steps.NextStartedAsync()).Describe());
    }

    [Fact]
    public async Task Add_ActivityResultWhileBusyAndNothingFollows_StartsAfterTheWindow()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 4);
        scheduler.Add([Item("busy", "1")]);
        await steps.NextStartedAsync();
        var added = TimeProvider.System.GetTimestamp();

        scheduler.Add([Result("a", "result")]);

        Assert.Equal("a: result", (await steps.NextStartedAsync()).Describe());
        Assert.True(TimeProvider.System.GetElapsedTime(added) >= StepScheduler.CoalesceWindow - TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Add_ActivityResultWhileIdle_StartsAtOnce()
    {
        var steps = new ScriptedSteps();
        var scheduler = steps.Scheduler(maxConcurrentSteps: 4);

        scheduler.Add([Result("a", "result")]);

        Assert.Equal(0, scheduler.CoalescingInstances);
        Assert.Equal("a: result", (await steps.NextStartedAsync()).Describe());
    }

    private static WorkItem Result(string instanceId, string messageId) =>
        new(instanceId, null, messageId, new TaskCompletedEvent(-1, 1, null), DateTimeOffset.UnixEpoch, null);

    private static WorkItem Item(string instanceId, string messageId) =>
        new(instanceId, null, messageId, new EventRaisedEvent(-1, null) { Name = "e" }, DateTimeOffset.UnixEpoch, null);

    /// <summary>Steps that run until the test finishes them, and what was in flight meanwhile.</summary>
    private sealed class ScriptedSteps
    {
        private readonly System.Threading.Channels.Channel<RunningStep> _started = System.Threading.Channels.Channel.CreateUnbounded<RunningStep>();
        private readonly SemaphoreSlim _changed = new(0);
        private int _inFlight;

        public bool HasStarted => _started.Reader.TryPeek(out _);

        public int InFlight => Volatile.Read(ref _inFlight);

        public StepScheduler Scheduler(int maxConcurrentSteps) => new(Track, maxConcurrentSteps, RunAsync, () => _changed.Release());

        public async Task<RunningStep> NextStartedAsync() => await _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        public Task ChangedAsync() => _changed.WaitAsync(TimeSpan.FromSeconds(5));

        private IDisposable Track()
        {
            Interlocked.Increment(ref _inFlight);
            return new Untrack(this);
        }

        private Task RunAsync(string instanceId, IReadOnlyList<WorkItem> items)
        {
            var step = new RunningStep(instanceId, items, StepUrgency.Current);
            _started.Writer.TryWrite(step);
            return step.Done;
        }

        private sealed class Untrack(ScriptedSteps owner) : IDisposable
        {
            public void Dispose() => Interlocked.Decrement(ref owner._inFlight);
        }
    }

    private sealed class RunningStep(string instanceId, IReadOnlyList<WorkItem> items, StepUrgency? urgency)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string InstanceId => instanceId;

        public Task Done => _done.Task;

        /// <summary>The urgency the step's storage requests saw (<see cref="StepUrgency.Current"/> inside the step).</summary>
        public StepUrgency? Urgency => urgency;

        public string Describe() => instanceId + ": " + string.Join(" ", items.Select(item => item.MessageId));

        public void Finish() => _done.SetResult();

        public void Fail(Exception reason) => _done.SetException(reason);
    }
}
