using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Steps;

/// <summary>
/// Runs one orchestration step for one instance: load (or take from memory), sort the step's
/// messages, run the code, commit everything atomically, then deliver what the step sends;
/// index updates that are not final and deleting the consumed messages are left to run after the
/// step (<see cref="StepCleanUps"/>). A crash between any two of these is recovered: the consumed
/// messages reappear and are recognised, and undelivered outbox messages are delivered when the
/// instance is next loaded or its partition is taken over.
/// </summary>
internal sealed class StepRunner(
    OwnedPartition partition,
    InstanceLoader loader,
    StepExecutor executor,
    StepCommitter committer,
    OutboxDelivery delivery,
    IndexUpdates index,
    StepCleanUps cleanUps,
    WorkInFlight inFlight,
    LocalFinishes finishes,
    TimeProvider clock,
    IFaultInjector faults,
    ILogger logger)
{
    public async Task RunAsync(string instanceId, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken)
    {
        using var tracking = inFlight.Track();
        using var span = DurableTelemetry.Source.StartActivity(DurableTelemetry.StepSpanName, ActivityKind.Internal);
        span?.SetTag(DurableTelemetry.InstanceIdTag, instanceId);
        var started = Stopwatch.GetTimestamp();

        if (await loader.LoadAsync(instanceId, items, cancellationToken).ConfigureAwait(false) is not var (cached, undelivered))
        {
            logger.MessagesForUnknownInstance(instanceId, items.Count);
            await cleanUps.DeleteAsync(items, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
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
            await executor.ExecuteAsync(cached, plan, Inputs(triage, now), cancellationToken).ConfigureAwait(false);
        }

        var changed = triage.DeferredStartAt is not null || triage.Accepted.Count > 0;
        if (changed)
        {
            plan.Remember(triage.Accepted.Where(item => item.IsMessage).Select(item => item.MessageId));
            plan.SetOutbox(cached.Delivered);
            if (!await committer.CommitAsync(cached, plan, items, [.. triage.Accepted, .. triage.Dropped], cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            RecordCommitted(span, triage);
        }
        else
        {
            partition.Cache.Set(instanceId, cached);
        }

        faults.At(FaultPoint.AfterCommitBeforeDelivery, instanceId);
        await delivery.DeliverAsync(cached, [.. undelivered, .. plan.Outbox], cancellationToken).ConfigureAwait(false);
        faults.At(FaultPoint.AfterDeliveryBeforeDelete, instanceId);
        await index.AfterStepAsync(cached, cancellationToken).ConfigureAwait(false);

        // The consumed messages are applied and remembered: deleting them is clean-up that the
        // instance's next step need not wait for (a redelivery would be dropped as a duplicate).
        // A commit deleted the inbox rows of the messages it consumed itself.
        cleanUps.AfterStep([.. triage.Accepted, .. triage.Dropped], triage.Held, inboxRowsDeleted: changed);

        if (changed)
        {
            DurableTelemetry.StepsCompleted.Add(1);
            DurableTelemetry.StepDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            foreach (var item in triage.Accepted)
            {
                DurableTelemetry.MessageLatency.Record((now - item.SentAt).TotalMilliseconds);
            }

            logger.StepCommitted(instanceId, cached.State.Generation, cached.State.HistoryLength, cached.State.RuntimeStatus);
        }

        if (!wasFinished && cached.State.IsTerminal)
        {
            DurableTelemetry.InstancesFinished.Add(1, new KeyValuePair<string, object?>("status", cached.State.RuntimeStatus.ToString()));
            logger.InstanceFinished(instanceId, cached.State.RuntimeStatus);
            finishes.Finished(instanceId);
        }
    }

    /// <summary>
    /// The moment the step's effects became durable, as an event on its span, with the names of the
    /// external events it applied: when an event took effect, which is later than when the code saw it.
    /// </summary>
    private static void RecordCommitted(Activity? span, StepTriage triage)
    {
        if (span is null)
        {
            return;
        }

        var raised = triage.Accepted.Select(item => item.Event).OfType<EventRaisedEvent>().Select(raised => raised.Name).ToArray();
        span.AddEvent(new ActivityEvent(DurableTelemetry.StepCommittedEvent, tags: new ActivityTagsCollection { [DurableTelemetry.EventsRaisedTag] = raised }));
    }

    /// <summary>Fails an instance outside its code (a poison message): visible, with the reason.</summary>
    public async Task FailAsync(string instanceId, FailureDetails failure, CancellationToken cancellationToken)
    {
        partition.Cache.Remove(instanceId);
        var loaded = await loader.LoadAsync(instanceId, [], cancellationToken).ConfigureAwait(false);
        if (loaded is not var (cached, undelivered) || cached.State.IsTerminal || cached.ETag is null)
        {
            return;
        }

        var plan = new StepPlan(cached.State, clock.GetUtcNow());
        plan.Fail(failure);
        plan.SetOutbox(cached.Delivered);
        if (await committer.CommitAsync(cached, plan, [], [], cancellationToken).ConfigureAwait(false))
        {
            await delivery.DeliverAsync(cached, [.. undelivered, .. plan.Outbox], cancellationToken).ConfigureAwait(false);
            await index.AfterStepAsync(cached, cancellationToken).ConfigureAwait(false);
            finishes.Finished(instanceId);
        }
    }

    /// <summary>What the step plays: its start, at the step's time, then the accepted events in order, each with who asked for it.</summary>
    private static List<(HistoryEvent Event, string? RequestedBy)> Inputs(StepTriage triage, DateTimeOffset now)
    {
        var at = now.UtcDateTime;
        List<(HistoryEvent Event, string? RequestedBy)> played = [(new OrchestratorStartedEvent(-1) { Timestamp = at }, null)];
        foreach (var item in triage.Accepted)
        {
            item.Event.Timestamp = at;
            played.Add((item.Event, item.RequestedBy));
        }

        return played;
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
}
