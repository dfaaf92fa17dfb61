using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Timers;

/// <summary>
/// The pending durable timers of one partition, in memory, earliest first. The truth is the
/// instance's state row (its pending timers); this is rebuilt from it when a partition is taken.
/// </summary>
internal sealed class TimerSchedule
{
    private readonly PriorityQueue<TimerKey, DateTimeOffset> _queue = new();
    private readonly HashSet<TimerKey> _live = [];
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Replaces the instance's timers with those of its committed state (none once it is finished or suspended).</summary>
    public void Schedule(InstanceState state)
    {
        RemoveInstance(state.InstanceId);
        if (state.IsTerminal || state.RuntimeStatus == OrchestrationRuntimeStatus.Suspended)
        {
            return;
        }

        foreach (var timer in state.PendingTimers)
        {
            Add(new TimerKey(state.InstanceId, state.Generation, timer.TimerId), timer.FireAt);
        }
    }

    public void Add(TimerKey key, DateTimeOffset fireAt)
    {
        lock (_gate)
        {
            if (_live.Add(key))
            {
                _queue.Enqueue(key, fireAt);
            }
        }
    }

    /// <summary>Forgets a timer (fired or cancelled); its heap entry is skipped when it surfaces.</summary>
    public void Remove(TimerKey key)
    {
        lock (_gate)
        {
            _live.Remove(key);
        }
    }

    /// <summary>Forgets every timer of an instance (finished, purged or evicted after a conflict).</summary>
    public void RemoveInstance(string instanceId)
    {
        lock (_gate)
        {
            _live.RemoveWhere(entry => entry.InstanceId == instanceId);
        }
    }

    /// <summary>The timers due at <paramref name="now"/>, removed from the schedule.</summary>
    public List<(TimerKey Key, DateTimeOffset FireAt)> TakeDue(DateTimeOffset now)
    {
        var due = new List<(TimerKey, DateTimeOffset)>();
        lock (_gate)
        {
            while (_queue.TryPeek(out var entry, out var fireAt) && fireAt <= now)
            {
                _queue.Dequeue();
                if (_live.Remove(entry))
                {
                    due.Add((entry, fireAt));
                }
            }
        }

        return due;
    }

    /// <summary>When the earliest live timer is due, or null when none is pending.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_gate)
        {
            while (_queue.TryPeek(out var entry, out var fireAt))
            {
                if (_live.Contains(entry))
                {
                    return fireAt;
                }

                _queue.Dequeue();
            }

            return null;
        }
    }
}

/// <summary>
/// A timer's identity: event ids restart in every generation, so the generation is part of it.
/// <see cref="TimerId"/> -1 is an instance's delayed start.
/// </summary>
internal readonly record struct TimerKey(string InstanceId, int Generation, int TimerId)
{
    public const int StartTimerId = -1;
}
