using System.Diagnostics;
using HaH.Orchestration.Durable.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Runs one orchestration step for one instance: load (or take from memory), drop duplicates,
/// replay and run, commit everything atomically, then deliver what the step sends; index updates
/// that are not final and deleting the consumed messages are left to run after the step
/// (<see cref="PartitionProcessor.CleanUpLater"/>). A crash between any two of these is recovered:
/// the consumed messages reappear and are recognised, and undelivered outbox messages are
/// delivered when the instance is next loaded or its partition is taken over.
/// </summary>
internal sealed class StepRunner(TaskHubRuntime runtime, PartitionProcessor partition)
{
    private static readonly TimeSpan HoldDelay = TimeSpan.FromSeconds(1);

    private readonly IndexUpdates _index = new(runtime, partition);

    private InstanceStore Store => runtime.Storage.Instances;

    public async Task RunAsync(string instanceId, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        using var tracking = runtime.Track();
        using var span = DurableTelemetry.Source.StartActivity("orchestration step", ActivityKind.Internal);
        span?.SetTag("durable.instance_id", instanceId);
        var started = Stopwatch.GetTimestamp();

        var loaded = await LoadAsync(instanceId, items, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            runtime.Logger.MessagesForUnknownInstance(instanceId, items.Count);
            await DeleteAsync(items, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (cached, undelivered) = loaded.Value;
        var now = runtime.Clock.GetUtcNow();
        var triage = StepTriage.Sort(cached.State, items, now);
        Settle(cached, [.. triage.Accepted, .. triage.Dropped]);
        var plan = new StepPlan(cached.State, now);

        var wasFinished = cached.State.IsTerminal;
        if (triage.DeferredStartAt is { } startAt)
        {
            plan.DeferStart(startAt);
        }
        else if (triage.TerminatedBeforeStart)
        {
            var terminate = triage.Accepted.First(item => item.Event is ExecutionTerminatedEvent);
            plan.TerminateBeforeStart((ExecutionTerminatedEvent)terminate.Event, terminate.RequestedBy);
        }
        else if (triage.Accepted.Count > 0)
        {
            await ExecuteAsync(cached, plan, triage, now, cancellationToken).ConfigureAwait(false);
        }

        var changed = triage.DeferredStartAt is not null || triage.Accepted.Count > 0;
        if (changed)
        {
            plan.Remember(triage.Accepted.Where(item => item.IsMessage).Select(item => item.MessageId));
            plan.SetOutbox(cached.Delivered);
            if (!await CommitAsync(cached, plan, items, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        else
        {
            partition.Cache.Set(instanceId, cached);
        }

        runtime.Faults.At(FaultPoint.AfterCommitBeforeDelivery, instanceId);
        await DeliverAsync(cached, [.. undelivered, .. plan.Outbox], cancellationToken).ConfigureAwait(false);
        runtime.Faults.At(FaultPoint.AfterDeliveryBeforeDelete, instanceId);
        await _index.AfterStepAsync(cached, cancellationToken).ConfigureAwait(false);

        // The consumed messages are applied and remembered: deleting them is clean-up that the
        // instance's next step need not wait for (a redelivery would be dropped as a duplicate).
        List<WorkItem> consumed = [.. triage.Accepted, .. triage.Dropped];
        var held = triage.Held;
        if (consumed.Any(item => item.Queued is not null) || held.Count > 0)
        {
            partition.CleanUpLater(token => Task.WhenAll(DeleteAsync(consumed, token), HoldAsync(held, token)));
        }

        if (changed)
        {
            DurableTelemetry.StepsCompleted.Add(1);
            DurableTelemetry.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            foreach (var item in triage.Accepted)
            {
                DurableTelemetry.MessageLatency.Record((now - item.SentAt).TotalMilliseconds);
            }

            runtime.Logger.StepCommitted(instanceId, cached.State.Generation, cached.State.HistoryLength, cached.State.RuntimeStatus);
        }

        if (!wasFinished && cached.State.IsTerminal)
        {
            DurableTelemetry.InstancesFinished.Add(1, new KeyValuePair<string, object?>("status", cached.State.RuntimeStatus.ToString()));
            runtime.Logger.InstanceFinished(instanceId, cached.State.RuntimeStatus);
            runtime.NotifyFinished(instanceId);
        }
    }

    /// <summary>Fails an instance outside its code (a poison message): visible, with the reason.</summary>
    public async Task FailAsync(string instanceId, FailureDetails failure, CancellationToken cancellationToken)
    {
        var loaded = await LoadAsync(instanceId, [], cancellationToken).ConfigureAwait(false);
        if (loaded is not { } found || found.Cached.State.IsTerminal || found.Cached.ETag is null)
        {
            return;
        }

        var plan = new StepPlan(found.Cached.State, runtime.Clock.GetUtcNow());
        plan.Fail(failure);
        plan.SetOutbox(found.Cached.Delivered);
        if (await CommitAsync(found.Cached, plan, [], cancellationToken).ConfigureAwait(false))
        {
            await DeliverAsync(found.Cached, [.. found.Undelivered, .. plan.Outbox], cancellationToken).ConfigureAwait(false);
            await _index.AfterStepAsync(found.Cached, cancellationToken).ConfigureAwait(false);
            runtime.NotifyFinished(instanceId);
        }
    }

    private async Task<(CachedInstance Cached, IReadOnlyList<WorkMessage> Undelivered)?> LoadAsync(
        string instanceId, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        var start = items.Select(item => item.Event).OfType<ExecutionStartedEvent>().FirstOrDefault();
        if (partition.Cache.Get(instanceId) is { } cached)
        {
            // Clients write a new start straight to storage: a start for another execution means the copy is stale.
            if (start is null || CoreEvents.ExecutionIdOf(start) == cached.State.ExecutionId)
            {
                return (cached, []);
            }

            partition.Cache.Remove(instanceId);
        }

        var stored = await Store.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
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
            var pending = found.State.OutboxIds.Where(id => !arrived.Contains(id) && !partition.IsRunningLocally(id)).ToList();
            var undelivered = pending.Count == 0
                ? []
                : await Store.ReadOutboxAsync(instanceId, pending, cancellationToken).ConfigureAwait(false);
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

            return (loaded, undelivered);
        }

        // Sub-orchestrations are created by their start message; clients create the state first.
        return start is null ? null : (new CachedInstance(NewState(instanceId, start), null), []);
    }

    /// <summary>
    /// Outbox messages that the step's items show to be delivered: one handed over in memory to
    /// this very step (a client's start), and a local activity's request once its result is applied
    /// or recognised as a duplicate. The commit deletes their rows. A held result does not settle
    /// its request: it goes back to the queue, and until it is applied the outbox row is its backup.
    /// </summary>
    private static void Settle(CachedInstance cached, IEnumerable<WorkItem> items)
    {
        var outbox = cached.State.OutboxIds.ToHashSet(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (outbox.Contains(item.MessageId))
            {
                cached.Delivered.Add(item.MessageId);
            }

            if (item.AnsweredRequestId is { } request && outbox.Contains(request))
            {
                cached.Delivered.Add(request);
            }
        }
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
        CreatedAt = runtime.Clock.GetUtcNow(),
        LastUpdatedAt = runtime.Clock.GetUtcNow(),
        ScheduledStartAt = start.ScheduledStartTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        Parent = CoreEvents.ParentOf(start),
        Partition = partition.Partition,
    };

    private async Task ExecuteAsync(CachedInstance cached, StepPlan plan, StepTriage triage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = cached.State;
        var execution = cached.Execution is { } live && live.HistoryLength == state.HistoryLength ? live : null;
        if (execution is null)
        {
            if (Orchestration(state, state.Version) is not { } orchestration)
            {
                plan.Fail(NotRegistered(state.Name, state.Version));
                return;
            }

            var past = state.HistoryLength == 0
                ? []
                : await Store.ReadHistoryAsync(state.InstanceId, state.Generation, state.HistoryLength, cancellationToken).ConfigureAwait(false);
            execution = new OrchestrationExecution(orchestration, past.Select(record => record.Event));
        }

        var at = now.UtcDateTime;
        List<(HistoryEvent Event, string? RequestedBy)> played = [(new OrchestratorStartedEvent(-1) { Timestamp = at }, null)];
        foreach (var item in triage.Accepted)
        {
            item.Event.Timestamp = at;
            played.Add((item.Event, item.RequestedBy));
        }

        var continued = Run(execution, plan, played);
        for (var generations = 0; continued is not null; generations++)
        {
            var version = continued.NewVersion ?? state.Version;
            if (generations >= 100 || Orchestration(plan.State, version) is not { } orchestration)
            {
                plan.Fail(generations >= 100
                    ? new FailureDetails(FailureTypes.ContinueAsNewLoop, $"Instance {state.InstanceId} called ContinueAsNew 100 times in one step without waiting for anything.", null, null, true)
                    : NotRegistered(state.Name, version));
                execution = null;
                break;
            }

            var firstEvents = plan.StartNextGeneration(continued);
            execution = new OrchestrationExecution(orchestration, []);
            continued = Run(execution, plan, [.. firstEvents.Select(e => (e, (string?)null))]);
        }

        cached.Execution = plan.Finished ? null : execution;
    }

    /// <summary>Runs one step of the generation through the executor and records it in the plan and the execution.</summary>
    private static DurableTask.Core.Command.OrchestrationCompleteOrchestratorAction? Run(
        OrchestrationExecution execution, StepPlan plan, IReadOnlyList<(HistoryEvent Event, string? RequestedBy)> played)
    {
        var result = execution.Run(played.Select(p => p.Event));
        var (decisions, continued) = plan.Apply(played, result);
        execution.Commit(decisions);
        return continued;
    }

    private TaskOrchestration? Orchestration(InstanceState state, string version) =>
        runtime.Tasks?.CreateOrchestration(
            state.Name,
            version,
            state.Parent is { } parent ? new Microsoft.DurableTask.ParentOrchestrationInstance(parent.Name, parent.InstanceId) : null);

    private static FailureDetails NotRegistered(string name, string version) => new(
        FailureTypes.OrchestratorNotRegistered,
        $"No orchestrator '{name}' version '{version}' is registered in this worker. Register it, and keep old versions registered (as '{OrchestrationTasks.VersionedName(name, version)}') while their instances run.",
        null,
        null,
        isNonRetriable: true);

    private async Task<bool> CommitAsync(CachedInstance cached, StepPlan plan, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        var instanceId = plan.State.InstanceId;
        var state = plan.State with { IndexedStatus = cached.IndexedStatus };
        runtime.Faults.At(FaultPoint.BeforeCommit, instanceId);
        try
        {
            var etag = await Store.CommitAsync(new StepCommit(state, cached.ETag, plan.History, plan.Outbox, [.. cached.Delivered]), cancellationToken)
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
            runtime.Logger.StepConflict(instanceId, ex.Message);
            partition.Cache.Remove(instanceId);
            var queue = runtime.Storage.ControlQueue(partition.Partition);
            foreach (var item in items)
            {
                if (item.Queued is { } queued)
                {
                    await queue.TryReleaseAsync(queued, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                else if (item.InMemory is { } message)
                {
                    await queue.SendAsync(message, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }

            return false;
        }
    }

    private async Task DeliverAsync(CachedInstance cached, IReadOnlyList<WorkMessage> messages, CancellationToken cancellationToken)
    {
        // An activity runs here when a slot is free: its request stays in the outbox (not
        // delivered) until its result is committed, so a crash before then makes recovery send it.
        // The others are sent at once, except that messages to one instance go one after the other
        // in the order decided: events the SDK carries over a continue-as-new (it sends them back to
        // the instance) or several events to one instance must arrive in that order.
        var toSend = messages
            .Where(message => message is not ActivityRequest request || cached.State.IsTerminal || !runtime.Activities.TryRunLocal(request, partition, cancellationToken))
            .ToList();
        await Task.WhenAll(toSend
            .GroupBy(message => message is OrchestrationMessage toInstance ? toInstance.InstanceId : message.MessageId, StringComparer.Ordinal)
            .Select(inOrder => SendInOrderAsync(inOrder, cancellationToken))).ConfigureAwait(false);
        cached.Delivered.UnionWith(toSend.Select(message => message.MessageId));

        // The next commit clears delivered ids from the outbox, but only through the copy kept in
        // memory. A finished instance has no next commit, and one this partition does not keep
        // (no cache, or evicted) is read again with its old outbox, which every step would deliver
        // again — a start message redelivered to itself loops forever. Write the outbox once now.
        var kept = partition.Cache.Holds(cached.State.InstanceId, cached);
        if ((cached.State.IsTerminal || !kept) && cached.Delivered.Count > 0 && cached.ETag is { } etag)
        {
            var cleared = cached.State with { OutboxIds = [.. cached.State.OutboxIds.Where(id => !cached.Delivered.Contains(id))] };
            try
            {
                cached.ETag = await Store.WriteStateAsync(cleared, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (InstanceConflictException ex) when (!cached.State.IsTerminal)
            {
                // Changed by someone else since our commit: its own commit decides the outbox, and a
                // redelivery of ours is recognised and dropped.
                runtime.Logger.StepConflict(cached.State.InstanceId, ex.Message);
                partition.Cache.Remove(cached.State.InstanceId);
                return;
            }

            cached.State = cleared;
            cached.Delivered.Clear();
        }
    }

    private async Task SendInOrderAsync(IEnumerable<WorkMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await runtime.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task DeleteAsync(IEnumerable<WorkItem> items, CancellationToken cancellationToken)
    {
        var queue = runtime.Storage.ControlQueue(partition.Partition);
        return Task.WhenAll(items.Select(item => item.Queued).OfType<ReceivedMessage>().Select(queued => queue.DeleteAsync(queued, cancellationToken)));
    }

    /// <summary>
    /// Events an instance cannot take yet (not started, suspended) go back to the queue as new
    /// messages with the same id, so waiting does not count towards the poison limit.
    /// </summary>
    private async Task HoldAsync(IEnumerable<WorkItem> items, CancellationToken cancellationToken)
    {
        var queue = runtime.Storage.ControlQueue(partition.Partition);
        foreach (var item in items)
        {
            if (item.Queued is { Message: { } message } queued)
            {
                await queue.SendAsync(message, HoldDelay, cancellationToken).ConfigureAwait(false);
                await queue.DeleteAsync(queued, cancellationToken).ConfigureAwait(false);
            }
            else if (item.InMemory is { } inMemory)
            {
                await queue.SendAsync(inMemory, HoldDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
