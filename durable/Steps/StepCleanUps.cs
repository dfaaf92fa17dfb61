using System.Collections.Concurrent;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Clean-up a partition runs after its steps — deleting the messages they consumed, holding back
/// those their instance could not take yet, index writes that need not hold up the step — without
/// holding up the instances' next steps. Each counts as work in flight until done; a failure is
/// logged, not a crash: a message left behind reappears after its visibility time-out and is
/// dropped as a duplicate. <see cref="CancelAsync"/> ends them at their next request; a graceful
/// hand-over waits for them.
/// </summary>
internal sealed class StepCleanUps(int partition, MessageQueue controlQueue, InstanceStore store, WorkInFlight inFlight, ILogger logger) : IDisposable
{
    /// <summary>How long an event its instance cannot take yet (not started, suspended) stays out of sight.</summary>
    private static readonly TimeSpan HoldDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// Deletes the consumed messages and holds back the held ones, after the step.
    /// <paramref name="inboxRowsDeleted"/>: the step's commit deleted the consumed inbox rows.
    /// </summary>
    public void AfterStep(IReadOnlyList<WorkItem> consumed, IReadOnlyList<WorkItem> held, bool inboxRowsDeleted)
    {
        var toDelete = inboxRowsDeleted ? consumed.Where(item => !item.Inboxed).ToList() : consumed;
        if (toDelete.Any(item => item.Queued is not null || item.Inboxed) || held.Count > 0)
        {
            Run(token => Task.WhenAll(DeleteAsync(toDelete, token), HoldAsync(held, token)));
        }
    }

    public void Run(Func<CancellationToken, Task> work)
    {
        var tracking = inFlight.Track();
        var cancellationToken = _stop.Token;
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
                    logger.CleanUpFailed(partition, ex.Message);
                }
                finally
                {
                    tracking.Dispose();
                }
            },
            CancellationToken.None);
        _running[cleanUp] = 0;
        _ = cleanUp.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Deletes the received messages and the inbox rows among <paramref name="items"/> now.</summary>
    public Task DeleteAsync(IEnumerable<WorkItem> items, CancellationToken cancellationToken) =>
        Task.WhenAll(items.Select(item => item switch
        {
            { Queued: { } queued } => controlQueue.DeleteAsync(queued, cancellationToken),
            { Inboxed: true } => store.DeleteInboxAsync(item.InstanceId, item.MessageId, cancellationToken),
            _ => Task.CompletedTask,
        }));

    /// <summary>Completes when the clean-ups running now have ended (they never fault).</summary>
    public Task WhenAllEnded() => Task.WhenAll(_running.Keys);

    /// <summary>Ends the running clean-ups at their next request.</summary>
    public Task CancelAsync() => _stop.CancelAsync();

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// Events an instance cannot take yet (not started, suspended) go back to the queue as new
    /// messages with the same id, so waiting does not count towards the poison limit.
    /// </summary>
    private async Task HoldAsync(IEnumerable<WorkItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            if (item.Queued is { Message: { } message } queued)
            {
                await controlQueue.SendAsync(message, HoldDelay, cancellationToken).ConfigureAwait(false);
                await controlQueue.DeleteAsync(queued, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await InMemoryHandBack.SendToQueueAsync(item, controlQueue, store, HoldDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
