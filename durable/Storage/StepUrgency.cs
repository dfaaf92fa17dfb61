namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// The urgency of one orchestration step's storage requests, raised when more work for the same
/// instance arrives while the step runs: that work cannot start before the step ends, so the step's
/// commit now holds it up and passes the <see cref="StorageRequestGate"/> with the most urgent
/// requests — also when it is already waiting there. Under a saturated store this turns an event
/// that arrives during its instance's previous step from waiting for a commit at the back of the
/// line into waiting for one at the front. It applies while the step runs (what the step leaves
/// to run after it is not held up by anything) and to ordinary requests only: deleting consumed
/// messages stays last.
/// </summary>
internal sealed class StepUrgency
{
    private static readonly AsyncLocal<StepUrgency?> Ambient = new();

    private readonly object _lock = new();
    private readonly List<(StorageRequestGate Gate, StorageRequestGate.Waiter Waiter)> _waiting = [];
    private bool _raised;
    private bool _ended;

    /// <summary>The step whose code is running in this asynchronous flow, if any.</summary>
    public static StepUrgency? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>True while the step runs and work for its instance waits behind it.</summary>
    public bool IsRaised
    {
        get
        {
            lock (_lock)
            {
                return _raised && !_ended;
            }
        }
    }

    /// <summary>Work for the instance arrived: the step's requests, waiting or still to come, go first.</summary>
    public void Raise()
    {
        List<(StorageRequestGate Gate, StorageRequestGate.Waiter Waiter)> waiting;
        lock (_lock)
        {
            if (_raised || _ended)
            {
                return;
            }

            _raised = true;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var (gate, waiter) in waiting)
        {
            gate.Promote(waiter);
        }
    }

    /// <summary>The step ended: nothing of it is raised any more.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended = true;
            _waiting.Clear();
        }
    }

    /// <summary>A request of the step waits in the gate: promoted at once if raised meanwhile.</summary>
    internal void Waiting(StorageRequestGate gate, StorageRequestGate.Waiter waiter)
    {
        lock (_lock)
        {
            if (!_raised && !_ended)
            {
                _waiting.Add((gate, waiter));
                return;
            }
        }

        if (IsRaised)
        {
            gate.Promote(waiter);
        }
    }

    /// <summary>A request of the step got its turn.</summary>
    internal void Entered(StorageRequestGate.Waiter waiter)
    {
        lock (_lock)
        {
            _waiting.RemoveAll(entry => entry.Waiter.Equals(waiter));
        }
    }
}
