using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// External events and the code waiting for them. Names are case-insensitive; an event nobody
/// waits for is buffered, and buffered events are handed out first-in, first-out per name.
/// </summary>
internal sealed class ExternalEventBuffer
{
    private readonly List<EventRaised> _buffered = [];
    private readonly List<Waiter> _waiters = [];

    public int WaiterCount => _waiters.Count;

    /// <summary>Events nobody has taken yet, in arrival order.</summary>
    public IReadOnlyList<EventRaised> Buffered => _buffered;

    public bool TryTakeBuffered(string name, out string? input)
    {
        var index = _buffered.FindIndex(e => SameName(e.Name, name));
        if (index < 0)
        {
            input = null;
            return false;
        }

        input = _buffered[index].Input;
        _buffered.RemoveAt(index);
        return true;
    }

    public Waiter AddWaiter(string name)
    {
        var waiter = new Waiter(name);
        _waiters.Add(waiter);
        return waiter;
    }

    public void Remove(Waiter waiter)
    {
        _waiters.Remove(waiter);
        waiter.Registration.Dispose();
    }

    /// <summary>Hands the event to the first waiter for its name (returned), or buffers it (null).</summary>
    public Waiter? Deliver(EventRaised raised)
    {
        var index = _waiters.FindIndex(w => SameName(w.Name, raised.Name));
        if (index < 0)
        {
            _buffered.Add(raised);
            return null;
        }

        var waiter = _waiters[index];
        _waiters.RemoveAt(index);
        waiter.Registration.Dispose();
        return waiter;
    }

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Code waiting for an event.</summary>
    internal sealed class Waiter(string name)
    {
        public string Name { get; } = name;

        public TaskCompletionSource<string?> Source { get; } = new();

        public CancellationTokenRegistration Registration { get; set; }
    }
}
