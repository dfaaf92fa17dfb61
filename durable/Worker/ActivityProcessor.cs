using System.Diagnostics;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Worker;

/// <summary>
/// Takes activity requests from the shared work-item queue (any worker may) and runs them,
/// at most <c>MaxConcurrentActivities</c> at once. The result goes to the orchestration's
/// control queue with a message id derived from the request, so a re-run after a crash
/// produces a recognisable duplicate. Activities run at least once.
/// </summary>
internal sealed class ActivityProcessor(TaskHubRuntime runtime)
{
    private readonly List<Task> _running = [];

    public async Task RunAsync(CancellationToken stopping)
    {
        var queue = runtime.Storage.WorkItems;
        var backoff = new PollingBackoff(runtime.Options.MinPollingInterval, runtime.Options.MaxPollingInterval);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                _running.RemoveAll(task => task.IsCompleted);
                var free = runtime.Options.MaxConcurrentActivities - _running.Count;
                if (free <= 0)
                {
                    await Task.WhenAny(_running).ConfigureAwait(false);
                    continue;
                }

                // Received messages stay in the queue (invisible) until deleted, so idle detection sees them.
                var received = await queue.ReceiveAsync(Math.Min(free, 32), runtime.Options.MessageVisibilityTimeout, stopping).ConfigureAwait(false);
                foreach (var message in received)
                {
                    if (!await IsPoisonAsync(queue, message, stopping).ConfigureAwait(false))
                    {
                        _running.Add(RunOneAsync(queue, message, (ActivityRequest)message.Message!, stopping));
                    }
                }

                if (received.Count > 0)
                {
                    backoff.Found();
                    continue;
                }

                backoff.FoundNothing();
                await runtime.ActivityWake.WaitAsync(backoff.Next, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down; running activities see the same token.
        }

        await Task.WhenAll(_running).ConfigureAwait(false);
    }

    private async Task RunOneAsync(MessageQueue queue, ReceivedMessage received, ActivityRequest request, CancellationToken stopping)
    {
        using var tracking = runtime.Track();
        await Task.Yield();
        using var span = DurableTelemetry.Source.StartActivity("activity " + request.Name, ActivityKind.Internal);
        span?.SetTag("durable.instance_id", request.InstanceId);
        var started = Stopwatch.GetTimestamp();
        HistoryEvent result;
        try
        {
            result = await ExecuteAsync(request, stopping).ConfigureAwait(false);
        }
        catch (InjectedFaultException)
        {
            // A simulated crash: the request is neither answered nor deleted; it comes back.
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        var outcome = result is TaskCompleted ? "completed" : "failed";
        DurableTelemetry.ActivitiesCompleted.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        DurableTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            var answer = new OrchestrationMessage(request.MessageId + "-result", runtime.Clock.GetUtcNow(), request.InstanceId, request.ExecutionId, result);
            await runtime.SendAsync(answer, stopping).ConfigureAwait(false);
            await queue.DeleteAsync(received, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            // Not answered: the request reappears after its visibility time-out and runs again.
            runtime.Logger.ActivityAnswerFailed(request.Name, request.InstanceId, ex.Message);
        }
    }

    private async Task<HistoryEvent> ExecuteAsync(ActivityRequest request, CancellationToken stopping)
    {
        if (!runtime.Registry.TryGetActivity(request.Name, runtime.Services, out var activity))
        {
            runtime.Logger.ActivityNotRegistered(request.Name);
            return new TaskFailed(request.TaskScheduledId, new FailureDetails(
                "ActivityNotRegistered", $"No activity '{request.Name}' is registered in this worker.", IsNonRetriable: true));
        }

        try
        {
            var input = PayloadSerializer.Deserialize(request.Input, activity.InputType);
            runtime.Faults.At(FaultPoint.DuringActivity, request.InstanceId);
            var context = new TaskActivityContext(request.Name, request.InstanceId, request.TaskScheduledId, stopping);
            var output = await activity.RunAsync(context, input).ConfigureAwait(false);
            return new TaskCompleted(request.TaskScheduledId, PayloadSerializer.Serialize(output, activity.OutputType));
        }
        catch (Exception ex) when (ex is not InjectedFaultException && !(ex is OperationCanceledException && stopping.IsCancellationRequested))
        {
            runtime.Logger.ActivityFailed(request.Name, request.InstanceId, ex.Message);
            return new TaskFailed(request.TaskScheduledId, FailureDetails.FromException(ex));
        }
    }

    private async Task<bool> IsPoisonAsync(MessageQueue queue, ReceivedMessage message, CancellationToken stopping)
    {
        if (PoisonRules.ReasonFor<ActivityRequest>(message, runtime.Options.MaxDequeueCount, "work-item queue") is not { } reason)
        {
            return false;
        }

        DurableTelemetry.PoisonMessages.Add(1);
        runtime.Logger.PoisonMessage(queue.Name, message.QueueMessageId, message.DequeueCount, reason);
        await runtime.Storage.Poison.MoveAsync(message, reason, stopping).ConfigureAwait(false);
        if (message.Message is ActivityRequest request)
        {
            // The orchestration learns of it as a failed, non-retriable activity: it can react.
            var failed = new TaskFailed(request.TaskScheduledId, new FailureDetails("PoisonMessage", $"Activity '{request.Name}': {reason}", IsNonRetriable: true));
            await runtime.SendAsync(new OrchestrationMessage(request.MessageId + "-result", runtime.Clock.GetUtcNow(), request.InstanceId, request.ExecutionId, failed), stopping)
                .ConfigureAwait(false);
        }

        await queue.DeleteAsync(message, stopping).ConfigureAwait(false);
        return true;
    }
}
