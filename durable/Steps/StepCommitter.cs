using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Commits a step, once and atomically in the instance's table partition (state row, history
/// rows, outbox rows; ETag guarded), then makes the committed state the partition's copy and
/// schedules its timers. A conflict means someone else changed the instance: the step's work is
/// dropped and its messages given back, to be applied to a fresh read.
/// </summary>
internal sealed class StepCommitter(OwnedPartition partition, InstanceStore store, MessageQueue controlQueue, IFaultInjector faults, ILogger logger)
{
    /// <summary>
    /// False when the commit lost to a conflict (the work is dropped, the messages given back).
    /// The inbox rows of <paramref name="consumed"/> (applied or dropped) are deleted by the commit.
    /// </summary>
    public async Task<bool> CommitAsync(CachedInstance cached, StepPlan plan, IReadOnlyList<WorkItem> items, IEnumerable<WorkItem> consumed, CancellationToken cancellationToken)
    {
        var instanceId = plan.State.InstanceId;
        var state = plan.State with { IndexedStatus = cached.IndexedStatus };
        faults.At(FaultPoint.BeforeCommit, instanceId);
        try
        {
            var consumedInbox = consumed.Where(item => item.Inboxed).Select(item => item.MessageId).ToList();
            var etag = await store.CommitAsync(new StepCommit(state, cached.ETag, plan.History, plan.Outbox, [.. cached.Delivered], consumedInbox), cancellationToken)
                .ConfigureAwait(false);
            cached.State = state;
            cached.ETag = etag;
            cached.Delivered.Clear();
            partition.Cache.Set(instanceId, cached);
            partition.ScheduleTimers(state);
            return true;
        }
        catch (Exception ex) when (ex is InstanceConflictException or InstanceAlreadyExistsException)
        {
            // Someone else changed the instance (the partition's new owner while this one's lease
            // ran out, or a race on creation): drop the work and the copy; the messages come back
            // (to whoever owns the partition then) and are applied to a fresh read. A message
            // that is gone or was received again meanwhile is already someone else's.
            DurableTelemetry.StepConflicts.Add(1);
            logger.StepConflict(instanceId, ex.Message);
            partition.Cache.Remove(instanceId);
            foreach (var item in items)
            {
                if (item.Queued is { } queued)
                {
                    await controlQueue.TryReleaseAsync(queued, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await InMemoryHandBack.SendToQueueAsync(item, controlQueue, store, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }

            return false;
        }
    }
}
