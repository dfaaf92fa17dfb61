using System.Collections.Concurrent;
using HaH.Orchestration.Durable.Worker;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Clean-up a partition runs after its steps (deleting the messages they consumed) without holding
/// up the instances' next steps. Each counts as work in flight until done; a failure is logged, not
/// a crash: a message left behind reappears after its visibility time-out and is dropped as a
/// duplicate. Cancelling ends them at their next request; a graceful hand-over waits for them.
/// </summary>
internal sealed class StepCleanUps(TaskHubRuntime runtime, int partition)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public void Run(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var inFlight = runtime.Track();
        var cleanUp = Task.Run(
            async () =>
            {
                try
                {
                    await work(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the messages come back to whoever owns the partition next.
                }
                catch (Exception ex)
                {
                    runtime.Logger.CleanUpFailed(partition, ex.Message);
                }
                finally
                {
                    inFlight.Dispose();
                }
            },
            CancellationToken.None);
        _running[cleanUp] = 0;
        _ = cleanUp.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when the clean-ups running now have ended (they never fault).</summary>
    public Task WhenAllEnded() => Task.WhenAll(_running.Keys);
}
