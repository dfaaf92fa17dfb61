using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Execution;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Partitions;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Worker;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Activities;

/// <summary>
/// Runs this process's activities, at most <c>MaxConcurrentActivities</c> at once, whichever way
/// they came: from the shared work-item queue (<see cref="ActivityProcessor"/>), or straight from
/// the partition owner that committed the request (<see cref="TryRunLocal"/>: no queue message at
/// all). A local request stays in its instance's outbox until the result is committed, so a crash
/// anywhere before that makes the partition's next recovery send it to the work-item queue, and it
/// runs again; a local run that is interrupted sends it there itself. A local result goes to the partition's owner in memory when this process owns the
/// partition, else to its control queue. Result ids derive from the request, so a second result is dropped.
/// </summary>
internal sealed class ActivityRunner(
    OrchestrationTasks tasks,
    MessageDispatch dispatch,
    OwnedPartitions owned,
    WorkInFlight inFlight,
    AzureStorageOptions options,
    TimeProvider clock,
    IFaultInjector faults,
    ILogger logger)
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private int _running;

    /// <summary>Activities that may start now.</summary>
    public int Free => options.MaxConcurrentActivities - Volatile.Read(ref _running);

    /// <summary>Completes once every activity running now has finished.</summary>
    public Task WhenAllFinished()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _tasks]);
        }
    }

    /// <summary>Completes when any running activity finishes (at once when none runs).</summary>
    public Task WhenAnyFinished()
    {
        lock (_gate)
        {
            return _tasks.Count == 0 ? Task.CompletedTask : Task.WhenAny(_tasks);
        }
    }

    /// <summary>Runs a request taken from the work-item queue; the caller checked <see cref="Free"/>.</summary>
    public void RunQueued(MessageQueue queue, ReceivedMessage received, ActivityRequest request, CancellationToken stopping)
    {
        Interlocked.Increment(ref _running);
        Start(RunQueuedAsync(queue, received, request, inFlight.Track(), stopping));
    }

    /// <summary>
    /// Runs a request its partition owner (<paramref name="dispatcher"/>) has just committed, in this
    /// process; false, and nothing started, when every activity slot is taken (the caller sends it
    /// to the work-item queue for any worker).
    /// </summary>
    public bool TryRunLocal(ActivityRequest request, OwnedPartition dispatcher, CancellationToken stopping)
    {
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (running >= options.MaxConcurrentActivities)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                break;
            }
        }

        dispatcher.LocalActivities.Started(request.MessageId);
        Start(RunLocalAsync(request, dispatcher, inFlight.Track(), stopping));
        return true;
    }

    private void Start(Task task)
    {
        lock (_gate)
        {
            _tasks.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _tasks.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunQueuedAsync(MessageQueue queue, ReceivedMessage received, ActivityRequest request, WorkInFlight.Scope tracking, CancellationToken stopping)
    {
        using var _ = tracking;
        try
        {
            var renewal = VisibilityRenewal.Start(queue, received, options.MessageVisibilityTimeout, stopping);
            HistoryEvent? result;
            try
            {
                result = await ExecuteAsync(request, stopping).ConfigureAwait(false);
            }
            finally
            {
                received = await renewal.StopAsync().ConfigureAwait(false);
            }

            if (result is null)
            {
                // A simulated crash or shutdown: neither answered nor deleted, the request comes back.
                return;
            }

            await dispatch.SendAsync(Answer(request, result), stopping).ConfigureAwait(false);
            await queue.DeleteAsync(received, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the request reappears after its visibility time-out and runs again, as
            // one interrupted while it ran does; expected on every stop, so not worth a warning.
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Not answered: the request reappears after its visibility time-out and runs again.
            logger.ActivityAnswerFailed(request.Name, request.InstanceId, ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task RunLocalAsync(ActivityRequest request, OwnedPartition dispatcher, WorkInFlight.Scope tracking, CancellationToken stopping)
    {
        using var _ = tracking;
        try
        {
            if (await ExecuteAsync(request, stopping).ConfigureAwait(false) is not { } result)
            {
                // Interrupted (a simulated crash, or the partition stopped): the request is still in
                // the outbox. Stopping, the next owner's recovery sends it; otherwise send it now, as
                // recovery would, so that it runs again from the work-item queue (where failing every
                // time makes it poison) without stopping the partition's other work.
                if (!stopping.IsCancellationRequested)
                {
                    await dispatch.SendAsync(request, stopping).ConfigureAwait(false);
                }

                return;
            }

            var answer = Answer(request, result);
            var item = new WorkItem(answer.InstanceId, answer.ExecutionId, answer.MessageId, answer.Event, answer.SentAt, null) { InMemory = answer };
            if (owned.OwnerOf(request.InstanceId)?.Inbox.TryEnqueue(item) == true)
            {
                return;
            }

            // The partition is not (or no longer) this process's: its owner recovers the request
            // from the outbox anyway, but the result saves running it again.
            await dispatch.SendAsync(answer, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the request is still in the outbox, which the next owner's recovery sends
            // again; expected on every stop, so not worth a warning.
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Neither handed over nor sent: the request is still in the outbox; recovering the
            // partition sends it again.
            logger.ActivityAnswerFailed(request.Name, request.InstanceId, ex.Message);
            if (!stopping.IsCancellationRequested)
            {
                owned.OwnerOf(request.InstanceId)?.Inbox.Crash(ex);
            }
        }
        finally
        {
            dispatcher.LocalActivities.Ended(request.MessageId);
            Interlocked.Decrement(ref _running);
        }
    }

    private OrchestrationMessage Answer(ActivityRequest request, HistoryEvent result) =>
        new(ActivityRequest.ResultIdFor(request.MessageId), clock.GetUtcNow(), request.InstanceId, request.ExecutionId, result);

    /// <summary>Runs the activity; null when it was interrupted (a simulated crash or shutdown) and must run again.</summary>
    private async Task<HistoryEvent?> ExecuteAsync(ActivityRequest request, CancellationToken stopping)
    {
        await Task.Yield();
        using var span = DurableTelemetry.Source.StartActivity("activity " + request.Name, ActivityKind.Internal);
        span?.SetTag(DurableTelemetry.InstanceIdTag, request.InstanceId);
        var started = Stopwatch.GetTimestamp();
        HistoryEvent result;
        try
        {
            result = await InvokeAsync(request, stopping).ConfigureAwait(false);
            faults.At(FaultPoint.AfterActivityBeforeAnswer, request.InstanceId);
        }
        catch (InjectedFaultException)
        {
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }

        var outcome = result is TaskCompletedEvent ? "completed" : "failed";
        DurableTelemetry.ActivitiesCompleted.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        DurableTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private async Task<HistoryEvent> InvokeAsync(ActivityRequest request, CancellationToken stopping)
    {
        if (tasks.CreateActivity(request.Name) is not { } activity)
        {
            logger.ActivityNotRegistered(request.Name);
            return Failed(request, new FailureDetails(
                FailureTypes.ActivityNotRegistered, $"No activity '{request.Name}' is registered in this worker.", null, null, isNonRetriable: true));
        }

        try
        {
            faults.At(FaultPoint.DuringActivity, request.InstanceId);
            stopping.ThrowIfCancellationRequested();
            var context = new TaskContext(
                new OrchestrationInstance { InstanceId = request.InstanceId, ExecutionId = request.ExecutionId }, request.Name, request.Version, request.TaskScheduledId);
            var output = await activity.RunAsync(context, request.Input).ConfigureAwait(false);
            return new TaskCompletedEvent(-1, request.TaskScheduledId, output);
        }
        catch (Exception ex) when (ex is not InjectedFaultException && !(ex is OperationCanceledException && stopping.IsCancellationRequested))
        {
            logger.ActivityFailed(request.Name, request.InstanceId, ex.Message);
            return Failed(request, new FailureDetails(ex));
        }
    }

    private static TaskFailedEvent Failed(ActivityRequest request, FailureDetails failure) =>
        new(-1, request.TaskScheduledId, failure.ErrorMessage, null, failure);
}

