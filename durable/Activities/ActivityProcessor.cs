using DurableTask.Core;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Activities;

/// <summary>
/// Takes activity requests from the shared work-item queue (any worker may) while this process
/// has free activity slots, and hands them to the <see cref="ActivityRunner"/>. The result goes
/// to the orchestration's control queue with a message id derived from the request, so a re-run
/// after a crash produces a recognisable duplicate. Activities run at least once.
/// </summary>
internal sealed class ActivityProcessor(
    MessageQueue workItems,
    PoisonStore poison,
    ActivityRunner runner,
    MessageDispatch dispatch,
    AzureStorageOptions options,
    TimeProvider clock,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        var queue = workItems;
        var backoff = new PollingBackoff(options.MinPollingInterval, options.MaxPollingInterval);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var free = runner.Free;
                if (free <= 0)
                {
                    // Local activities take slots too: wait for one to free, but not for ever.
                    await Task.WhenAny(runner.WhenAnyFinished(), Task.Delay(options.MinPollingInterval, TimeProvider.System, stopping)).ConfigureAwait(false);
                    continue;
                }

                // Received messages stay in the queue (invisible) until deleted, so idle detection sees them.
                var received = await queue.ReceiveAsync(Math.Min(free, 32), options.MessageVisibilityTimeout, stopping).ConfigureAwait(false);
                foreach (var message in received)
                {
                    if (!await IsPoisonAsync(queue, message, stopping).ConfigureAwait(false))
                    {
                        runner.RunQueued(queue, message, (ActivityRequest)message.Message!, stopping);
                    }
                }

                if (received.Count > 0)
                {
                    backoff.Found();
                    continue;
                }

                backoff.FoundNothing();
                await dispatch.ActivityRequests.WaitAsync(backoff.Next, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down; running activities see the same token.
        }

        await runner.WhenAllFinished().ConfigureAwait(false);
    }

    private async Task<bool> IsPoisonAsync(MessageQueue queue, ReceivedMessage message, CancellationToken stopping)
    {
        if (PoisonRules.ReasonFor<ActivityRequest>(message, options.MaxDequeueCount, "work-item queue") is not { } reason)
        {
            return false;
        }

        DurableTelemetry.PoisonMessages.Add(1);
        logger.PoisonMessage(queue.Name, message.QueueMessageId, message.DequeueCount, reason);
        await poison.MoveAsync(message, reason, stopping).ConfigureAwait(false);
        if (message.Message is ActivityRequest request)
        {
            // The orchestration learns of it as a failed, non-retriable activity: it can react.
            var failure = new FailureDetails(FailureTypes.PoisonMessage, $"Activity '{request.Name}': {reason}", null, null, isNonRetriable: true);
            var failed = new TaskFailedEvent(-1, request.TaskScheduledId, failure.ErrorMessage, null, failure) { Timestamp = clock.GetUtcNow().UtcDateTime };
            await dispatch.SendAsync(new OrchestrationMessage(ActivityRequest.ResultIdFor(request.MessageId), clock.GetUtcNow(), request.InstanceId, request.ExecutionId, failed), stopping)
                .ConfigureAwait(false);
        }

        await queue.DeleteAsync(message, stopping).ConfigureAwait(false);
        return true;
    }
}
