using System.Collections.Concurrent;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Partitions;

/// <summary>
/// How the rest of the process reaches a partition it owns: work handed over in memory (a
/// client's start, an event sent from here, a local activity's result), a request to poll the
/// control queue now, or to crash and recover from storage. Closing it gives back what was taken
/// and not processed.
/// </summary>
internal sealed class PartitionInbox(AsyncSignal wake)
{
    private readonly ConcurrentQueue<WorkItem> _items = new();
    private readonly Lock _gate = new();
    private volatile bool _accepting = true;
    private volatile bool _pollNow;
    private volatile Exception? _crash;

    /// <summary>True while work handed over in memory (<see cref="TryEnqueue"/>) will be taken.</summary>
    public bool IsAccepting => _accepting;

    /// <summary>Items handed over and not yet taken by the partition's loop.</summary>
    public int Backlog => _items.Count;

    /// <summary>Set by <see cref="Crash"/>: the partition must stop and recover from storage.</summary>
    public Exception? CrashRequested => _crash;

    /// <summary>
    /// Takes an item for a step of this partition; false when the partition no longer takes work
    /// (the caller then sends or gives back the message).
    /// </summary>
    public bool TryEnqueue(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (!_accepting)
            {
                return false;
            }

            _items.Enqueue(item);
        }

        wake.Set();
        return true;
    }

    /// <summary>Asks the partition to poll its control queue now (a message was sent to it).</summary>
    public void Wake()
    {
        _pollNow = true;
        wake.Set();
    }

    /// <summary>
    /// Ends the partition as if it had crashed: the owner starts a new processor, which recovers
    /// it from storage (and so sends again what only memory held, e.g. a local activity's request).
    /// </summary>
    public void Crash(Exception reason)
    {
        _crash ??= reason;
        wake.Set();
    }

    /// <summary>True from <see cref="Wake"/> until the poll is made (<see cref="Polled"/>).</summary>
    public bool PollRequested => _pollNow;

    public void Polled() => _pollNow = false;

    public List<WorkItem> TakeAll()
    {
        var items = new List<WorkItem>();
        while (_items.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Takes no more work (a hand-over is draining the partition).</summary>
    public void StopAccepting() => _accepting = false;

    /// <summary>Takes no more work and returns what was handed over and not taken.</summary>
    public List<WorkItem> Close()
    {
        lock (_gate)
        {
            _accepting = false;
        }

        return TakeAll();
    }
}
