namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Orders writes per instance: each runs after the instance's earlier ones have ended (however
/// they ended), so that a status written after a step in the background never lands after a
/// newer one written by a later step (<see cref="IndexUpdates"/>).
/// </summary>
internal sealed class InstanceWriteOrder
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Task> _latest = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="write"/> once the instance's earlier writes have ended; its task.</summary>
    public Task Then(string instanceId, Func<Task> write)
    {
        lock (_lock)
        {
            var previous = _latest.GetValueOrDefault(instanceId, Task.CompletedTask);
            var next = RunAfterAsync(previous, write);
            _latest[instanceId] = next;
            _ = next.ContinueWith(_ => Forget(instanceId, next), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return next;
        }
    }

    private static async Task RunAfterAsync(Task previous, Func<Task> write)
    {
        // The earlier write's failure belongs to whoever awaited it; this one goes ahead.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await write().ConfigureAwait(false);
    }

    private void Forget(string instanceId, Task ended)
    {
        lock (_lock)
        {
            if (_latest.TryGetValue(instanceId, out var latest) && latest == ended)
            {
                _latest.Remove(instanceId);
            }
        }
    }
}
