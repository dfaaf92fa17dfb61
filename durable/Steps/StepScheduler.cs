using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Runs a partition's steps as their work arrives, without waiting for one batch to finish before
/// the next starts: one step at a time per instance (work arriving for an instance whose step is
/// running waits and goes into its next step, together with anything else that came meanwhile),
/// different instances in parallel up to a limit, the instances waiting longest first. A step that
/// fails stops the scheduler: nothing new starts, and the partition's processor ends like a crash.
/// <para>
/// Under load it coalesces: an activity result for an idle instance waits up to
/// <see cref="CoalesceWindow"/> while many steps run, and its step starts as soon as anything
/// else arrives for the instance — so results of a fan-in, or a result and the event that follows
/// it, become one step and one commit instead of several. Commits are what a saturated storage
/// service spends most on; while few steps run, nothing waits.
/// </para>
/// </summary>
internal sealed class StepScheduler
{
    /// <summary>How long an activity result may wait for more work for its instance while the partition is busy.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(100);

    private readonly Func<string, IReadOnlyList<WorkItem>, Task> _runStep;
    private readonly int _maxConcurrentSteps;
    private readonly Action _onChange;
    private readonly Func<IDisposable> _track;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<WorkItem>> _waiting = new(StringComparer.Ordinal);
    // The instances whose step runs, with the urgency of that step's storage requests.
    private readonly Dictionary<string, StepUrgency> _running = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _ready = new();
    private readonly HashSet<string> _coalescing = new(StringComparer.Ordinal);
    private readonly List<WorkItem> _failedItems = [];
    private readonly TaskCompletionSource _allStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposable? _busy;
    private bool _stopped;

    /// <param name="track">Marks work as in flight until disposed: held while the scheduler has any.</param>
    /// <param name="maxConcurrentSteps">Steps of different instances that run at once.</param>
    /// <param name="runStep">Runs one step of the instance with the items given.</param>
    /// <param name="onChange">Called (outside the lock) when a step ended: the processor may take more work, or must stop.</param>
    public StepScheduler(Func<IDisposable> track, int maxConcurrentSteps, Func<string, IReadOnlyList<WorkItem>, Task> runStep, Action onChange)
    {
        _track = track;
        _maxConcurrentSteps = maxConcurrentSteps;
        _runStep = runStep;
        _onChange = onChange;
    }

    /// <summary>The first exception a step ended with; the scheduler starts nothing after it.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Instances with work that has not started yet: the processor receives more only while this is small.</summary>
    public int WaitingInstances
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Instances whose activity results are held back for more work (see <see cref="CoalesceWindow"/>).</summary>
    public int CoalescingInstances
    {
        get
        {
            lock (_gate)
            {
                return _coalescing.Count;
            }
        }
    }

    /// <summary>True while a step runs or work waits.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _running.Count > 0 || _waiting.Count > 0;
            }
        }
    }

    /// <summary>Adds work; it starts at once when its instance is idle and a slot is free. False once stopped.</summary>
    public bool Add(IReadOnlyList<WorkItem> items)
    {
        if (items.Count == 0)
        {
            return true;
        }

        List<(string, IReadOnlyList<WorkItem>)> toStart;
        List<StepUrgency> heldUp = [];
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _busy ??= _track();
            foreach (var item in items)
            {
                var isResult = item.Event is TaskCompletedEvent or TaskFailedEvent;
                if (!_waiting.TryGetValue(item.InstanceId, out var list))
                {
                    _waiting[item.InstanceId] = list = [];
                    if (_running.TryGetValue(item.InstanceId, out var running))
                    {
                        heldUp.Add(running);
                    }
                    else if (isResult && _running.Count >= _maxConcurrentSteps / 4)
                    {
                        Coalesce(item.InstanceId);
                    }
                    else
                    {
                        _ready.AddLast(item.InstanceId);
                    }
                }
                else if (!isResult && _coalescing.Remove(item.InstanceId))
                {
                    _ready.AddLast(item.InstanceId);
                }

                list.Add(item);
            }

            toStart = TakeStartable();
        }

        foreach (var step in heldUp)
        {
            step.Raise();
        }

        Start(toStart);
        return true;
    }

    /// <summary>
    /// Starts nothing more, waits for the steps running to end, and returns the work that did not
    /// complete: what never started and what a failed step held (to give back to the queue).
    /// </summary>
    public async Task<IReadOnlyList<WorkItem>> StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            if (_running.Count == 0)
            {
                _allStopped.TrySetResult();
            }
        }

        await _allStopped.Task.ConfigureAwait(false);
        lock (_gate)
        {
            var left = _waiting.Values.SelectMany(list => list).Concat(_failedItems).ToList();
            _waiting.Clear();
            _ready.Clear();
            _coalescing.Clear();
            _failedItems.Clear();
            _busy?.Dispose();
            _busy = null;
            return left;
        }
    }

    /// <summary>Holds the instance's step back for the window, unless other work for it comes first.</summary>
    private void Coalesce(string instanceId)
    {
        _coalescing.Add(instanceId);
        _ = Task.Delay(CoalesceWindow, TimeProvider.System).ContinueWith(
            _ =>
            {
                List<(string, IReadOnlyList<WorkItem>)> toStart;
                lock (_gate)
                {
                    if (!_coalescing.Remove(instanceId))
                    {
                        return;
                    }

                    _ready.AddLast(instanceId);
                    toStart = TakeStartable();
                }

                Start(toStart);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private List<(string InstanceId, IReadOnlyList<WorkItem> Items)> TakeStartable()
    {
        var toStart = new List<(string, IReadOnlyList<WorkItem>)>();
        while (!_stopped && Failure is null && _running.Count < _maxConcurrentSteps && _ready.First is { } first)
        {
            _ready.RemoveFirst();
            var instanceId = first.Value;
            var items = _waiting[instanceId];
            _waiting.Remove(instanceId);
            _running[instanceId] = new StepUrgency();
            toStart.Add((instanceId, items));
        }

        return toStart;
    }

    private void Start(List<(string InstanceId, IReadOnlyList<WorkItem> Items)> steps)
    {
        foreach (var (instanceId, items) in steps)
        {
            _ = RunAsync(instanceId, items);
        }
    }

    private async Task RunAsync(string instanceId, IReadOnlyList<WorkItem> items)
    {
        Exception? failure = null;
        try
        {
            // Off the caller's thread: the caller is the polling loop or another step's completion.
            await Task.Yield();
            lock (_gate)
            {
                StepUrgency.Current = _running[instanceId];
            }

            await _runStep(instanceId, items).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        List<(string, IReadOnlyList<WorkItem>)> toStart;
        lock (_gate)
        {
            _running.Remove(instanceId, out var urgency);
            urgency?.End();

            if (failure is not null)
            {
                Failure ??= failure;
                _failedItems.AddRange(items);
            }

            if (_waiting.ContainsKey(instanceId))
            {
                _ready.AddLast(instanceId);
            }

            toStart = TakeStartable();
            if (_running.Count == 0 && toStart.Count == 0)
            {
                if (_stopped || Failure is not null)
                {
                    _allStopped.TrySetResult();
                }

                if (_waiting.Count == 0)
                {
                    _busy?.Dispose();
                    _busy = null;
                }
            }
        }

        Start(toStart);
        _onChange();
    }
}
