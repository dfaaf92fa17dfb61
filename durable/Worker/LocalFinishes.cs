using System.Collections.Concurrent;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Instances this process saw finish, for the client's <c>WaitForInstanceCompletionAsync</c>: a
/// hint that saves it polling storage while the instance runs here (it still reads the result
/// from storage).
/// </summary>
internal sealed class LocalFinishes
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>Completes when a step in this process finishes the instance.</summary>
    public Task WhenFinished(string instanceId) =>
        _waiters.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Finished(string instanceId)
    {
        if (_waiters.TryRemove(instanceId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
