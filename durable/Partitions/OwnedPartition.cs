using HaH.Orchestration.Durable.Activities;
using HaH.Orchestration.Durable.Steps;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Timers;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// What this process holds in memory of a partition while it owns it: the hot instances, the
/// pending timers, the inbox others hand work to, and the activity requests running here. Its
/// processor fills it; the delivery paths and <see cref="Hosting.DurableRuntime"/> look into it.
/// </summary>
internal sealed class OwnedPartition
{
    private readonly AsyncSignal _wake;

    public OwnedPartition(int partition, int maxCachedInstances, AsyncSignal wake)
    {
        Partition = partition;
        _wake = wake;
        Cache = new InstanceCache(maxCachedInstances);
        Inbox = new PartitionInbox(wake);
    }

    public int Partition { get; }

    public InstanceCache Cache { get; }

    public TimerSchedule Timers { get; } = new();

    public PartitionInbox Inbox { get; }

    public LocalActivities LocalActivities { get; } = new();

    /// <summary>True once recovery finished and the partition takes messages.</summary>
    public bool IsRecovered { get; set; }

    /// <summary>Timers due by <paramref name="now"/> that have not been taken yet.</summary>
    public bool HasDueTimers(DateTimeOffset now) => Timers.NextDue() is { } due && due <= now;

    /// <summary>Replaces the instance's timers with those of its committed state, and wakes the loop to arm the next.</summary>
    public void ScheduleTimers(InstanceState state)
    {
        Timers.Schedule(state);
        _wake.Set();
    }

    public override string ToString() => $"partition {Partition}";
}
