using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Durable.ControlQueue;

namespace HaH.Orchestration.Durable.Tests.ControlQueue;

public sealed class ControlQueuePollingTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(5);

    [Fact]
    public void Polled_NothingFoundWhileIdle_BacksOffToTheMaximum()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var polling = new ControlQueuePolling(Minimum, Maximum, clock);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(polling.IsDue(busy: false));
            polling.Polled(0, batchSize: 32, busy: false);
            waits.Add(polling.UntilNext);
            clock.Advance(polling.UntilNext);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), waits[0]);
        Assert.Equal(Maximum, waits[^1]);
        Assert.Equal(waits.Order(), waits);
    }

    [Fact]
    public void IsDue_StepsStartWhileBackedOff_PollsWithinTheBusyInterval()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var polling = new ControlQueuePolling(Minimum, Maximum, clock);
        for (var i = 0; i < 10; i++)
        {
            polling.IsDue(busy: false);
            polling.Polled(0, batchSize: 32, busy: false);
        }

        Assert.Equal(Maximum, polling.UntilNext);
        Assert.False(polling.IsDue(busy: true));
        Assert.Equal(TimeSpan.FromMilliseconds(100), polling.BusyInterval);
        Assert.Equal(polling.BusyInterval, polling.UntilNext);
        clock.Advance(polling.BusyInterval);
        Assert.True(polling.IsDue(busy: true));

        // Still busy and still finding nothing: never further apart than the busy interval.
        polling.Polled(0, batchSize: 32, busy: true);
        Assert.Equal(polling.BusyInterval, polling.UntilNext);
    }

    [Fact]
    public void Polled_FullBatch_PollsAgainAtOnce()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var polling = new ControlQueuePolling(Minimum, Maximum, clock);

        Assert.True(polling.IsDue(busy: true));
        polling.Polled(32, batchSize: 32, busy: true);

        Assert.Equal(TimeSpan.Zero, polling.UntilNext);
        Assert.True(polling.IsDue(busy: true));
        polling.Polled(5, batchSize: 32, busy: true);
        Assert.Equal(Minimum, polling.UntilNext);
    }

    [Fact]
    public void Polled_AfterAWakeUp_PollsAgainWithinTheFollowUpWhateverTheBackOff()
    {
        var clock = new VirtualTimeProvider(DateTimeOffset.UnixEpoch);
        var slow = TimeSpan.FromSeconds(30);
        var polling = new ControlQueuePolling(slow, slow, clock);

        Assert.True(polling.IsDue(busy: false));
        polling.Polled(1, batchSize: 32, busy: false, woken: true);
        Assert.Equal(ControlQueuePolling.AfterWakeUp, polling.UntilNext);

        // The follow-up finds nothing: back to the long interval.
        clock.Advance(polling.UntilNext);
        Assert.True(polling.IsDue(busy: false));
        polling.Polled(0, batchSize: 32, busy: false);
        Assert.Equal(slow, polling.UntilNext);
    }
}
