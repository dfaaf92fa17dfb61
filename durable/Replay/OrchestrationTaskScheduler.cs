namespace HaH.Orchestration.Durable.Replay;

/// <summary>
/// The single-threaded scheduler orchestrator code runs on. It only runs work while a step is
/// being executed, on the thread executing it (the pump). Work queued from any other thread, or
/// between steps, comes from something that is not a durable task (Task.Delay, Task.Run, I/O):
/// it is never run, and reported as a foreign continuation.
/// </summary>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _ready = new();
    private readonly Lock _gate = new();
    private int _pumpThreadId = -1;
    private string? _foreign;

    /// <summary>Raised (on the foreign thread) the first time a foreign continuation is seen.</summary>
    public event EventHandler? ForeignContinuationDetected;

    /// <summary>A description of the first foreign continuation, or null.</summary>
    public string? ForeignContinuation
    {
        get
        {
            lock (_gate)
            {
                return _foreign;
            }
        }
    }

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>True on the pump thread while a step runs.</summary>
    public bool IsOnPump
    {
        get
        {
            lock (_gate)
            {
                return _pumpThreadId == Environment.CurrentManagedThreadId;
            }
        }
    }

    /// <summary>Accepts work from the calling thread until <see cref="EndStep"/>.</summary>
    public void BeginStep()
    {
        lock (_gate)
        {
            _pumpThreadId = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Stops accepting work; anything queued later is foreign.</summary>
    public void EndStep()
    {
        lock (_gate)
        {
            _pumpThreadId = -1;
            _ready.Clear();
        }
    }

    /// <summary>Runs <paramref name="action"/> on this scheduler, then everything it queues, until nothing is ready.</summary>
    public void RunUntilIdle(Action action)
    {
        var first = new Task(action);
        first.Start(this);
        while (true)
        {
            Task? next;
            lock (_gate)
            {
                if (!_ready.TryDequeue(out next))
                {
                    break;
                }
            }

            TryExecuteTask(next);
        }

        // The engine's own work must not fail; if it does, that is a bug to surface, not an orchestration failure.
        if (first.Exception is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException ?? error).Throw();
        }
    }

    /// <summary>Records a foreign continuation (also used for other work done off the pump).</summary>
    public void ReportForeign(string description)
    {
        bool first;
        lock (_gate)
        {
            first = _foreign is null;
            _foreign ??= description;
        }

        if (first)
        {
            ForeignContinuationDetected?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        var thread = Environment.CurrentManagedThreadId;
        bool betweenSteps;
        lock (_gate)
        {
            if (_pumpThreadId == thread)
            {
                _ready.Enqueue(task);
                return;
            }

            betweenSteps = _pumpThreadId == -1;
        }

        // The task is dropped: running it would make the orchestration depend on a non-durable event.
        ReportForeign(betweenSteps
            ? $"a continuation was queued between steps (from thread {thread})"
            : $"a continuation was queued from thread {thread}, not the orchestration's thread");
    }

    // Never inline: continuations run in queue order, so every replay runs code in the same order.
    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return [.. _ready];
        }
    }
}
