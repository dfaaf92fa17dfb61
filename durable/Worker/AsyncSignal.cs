namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// An auto-reset wake-up: <see cref="Set"/> releases one pending or the next <see cref="WaitAsync"/>.
/// Used for in-process wake-ups, so a message sent by this process is picked up at once instead
/// of at the next poll.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource? _waiter;
    private bool _signalled;

    public void Set()
    {
        TaskCompletionSource? toRelease;
        lock (_gate)
        {
            if (_waiter is null)
            {
                _signalled = true;
                return;
            }

            toRelease = _waiter;
            _waiter = null;
        }

        toRelease.TrySetResult();
    }

    /// <summary>Waits until signalled or until <paramref name="timeout"/> passes; true when signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_signalled)
            {
                _signalled = false;
                return true;
            }

            waiter = _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Real time on purpose: polling intervals are about storage load, not about the
        // (possibly virtual) time orchestrations see.
        var delay = Task.Delay(timeout, TimeProvider.System, cancellationToken);
        var finished = await Task.WhenAny(waiter.Task, delay).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return finished == waiter.Task;
    }
}
