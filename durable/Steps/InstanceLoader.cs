using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Gives a step its instance: the copy kept in memory when it is hot, else its state read from
/// storage together with what its outbox still has to deliver; a sub-orchestration's first step
/// makes it from its start message.
/// </summary>
internal sealed class InstanceLoader(OwnedPartition partition, InstanceStore store, TimeProvider clock)
{
    /// <summary>The instance and its undelivered outbox messages; null when it does not exist (and the items do not start it).</summary>
    public async Task<LoadedInstance?> LoadAsync(string instanceId, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        var start = items.Select(item => item.Event).OfType<ExecutionStartedEvent>().FirstOrDefault();
        if (partition.Cache.Get(instanceId) is { } cached)
        {
            // Clients write a new start straight to storage: a start for another execution means the copy is stale.
            if (start is null || CoreEvents.ExecutionIdOf(start) == cached.State.ExecutionId)
            {
                return new LoadedInstance(cached, []);
            }

            partition.Cache.Remove(instanceId);
        }

        var stored = await store.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (stored is { } found)
        {
            var loaded = new CachedInstance(found.State, found.ETag);

            // Its timers as stored: a stale owner's late commit (an abandoned request that storage
            // applied after recovery read the instance) may have added one that nothing else schedules.
            partition.ScheduleTimers(found.State);

            // An outbox message that is among the messages being processed has evidently been
            // delivered (typically the start a client wrote with the state): no need to read or resend it.
            // Nor is a local activity's request whose result is here or which is still running.
            var arrived = items.Select(item => item.MessageId).ToHashSet(StringComparer.Ordinal);
            loaded.Delivered.UnionWith(found.State.OutboxIds.Where(arrived.Contains));
            arrived.UnionWith(items.Select(item => item.AnsweredRequestId).OfType<string>());
            var pending = found.State.OutboxIds.Where(id => !arrived.Contains(id) && !partition.LocalActivities.IsRunning(id)).ToList();
            var undelivered = pending.Count == 0
                ? []
                : await store.ReadOutboxAsync(instanceId, pending, cancellationToken).ConfigureAwait(false);
            if (found.State.IsTerminal && start is { ParentInstance: not null } && CoreEvents.ExecutionIdOf(start) != found.State.ExecutionId)
            {
                // A parent retrying a failed child under the same id: the child starts a new generation.
                loaded.State = NewState(instanceId, start) with
                {
                    Generation = found.State.Generation + 1,
                    RecentMessageIds = found.State.RecentMessageIds,
                    OutboxIds = found.State.OutboxIds,
                };
            }

            return new LoadedInstance(loaded, undelivered);
        }

        // Sub-orchestrations are created by their start message; clients create the state first.
        return start is null ? null : new LoadedInstance(new CachedInstance(NewState(instanceId, start), null), []);
    }

    private InstanceState NewState(string instanceId, ExecutionStartedEvent start) => new()
    {
        InstanceId = instanceId,
        Name = start.Name,
        Version = start.Version ?? "",
        ExecutionId = CoreEvents.ExecutionIdOf(start),
        Generation = start.Generation ?? 0,
        RuntimeStatus = OrchestrationRuntimeStatus.Pending,
        Input = start.Input,
        CreatedAt = clock.GetUtcNow(),
        LastUpdatedAt = clock.GetUtcNow(),
        ScheduledStartAt = start.ScheduledStartTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        Parent = CoreEvents.ParentOf(start),
        Partition = partition.Partition,
    };
}

/// <summary>An instance as a step gets it, and the outbox messages its last step committed but did not deliver.</summary>
internal sealed record LoadedInstance(CachedInstance Cached, IReadOnlyList<WorkMessage> Undelivered);
