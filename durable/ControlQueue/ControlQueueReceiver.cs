using DurableTask.Core;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.ControlQueue;

/// <summary>
/// Receives a batch from a partition's control queue as work items. A message that cannot be read,
/// or that failed processing too often, is moved to the poison table and its instance failed
/// visibly (<paramref name="failInstance"/>) — never retried forever.
/// </summary>
internal sealed class ControlQueueReceiver(
    MessageQueue queue, PoisonStore poison, AzureStorageOptions options, ILogger logger, Func<string, FailureDetails, CancellationToken, Task> failInstance)
{
    public const int BatchSize = 32;

    /// <summary>The items to process, and how many messages the receive returned (poisoned ones included).</summary>
    public async Task<(List<WorkItem> Items, int Count)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var received = await queue.ReceiveAsync(BatchSize, options.MessageVisibilityTimeout, cancellationToken).ConfigureAwait(false);
        var items = new List<WorkItem>(received.Count);
        foreach (var message in received)
        {
            if (!await IsPoisonAsync(message, cancellationToken).ConfigureAwait(false))
            {
                items.Add(WorkItem.From((OrchestrationMessage)message.Message!, message));
            }
        }

        return (items, received.Count);
    }

    private async Task<bool> IsPoisonAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (PoisonRules.ReasonFor<OrchestrationMessage>(message, options.MaxDequeueCount, "control queue") is not { } reason)
        {
            return false;
        }

        DurableTelemetry.PoisonMessages.Add(1);
        logger.PoisonMessage(queue.Name, message.QueueMessageId, message.DequeueCount, reason);
        await poison.MoveAsync(message, reason, cancellationToken).ConfigureAwait(false);
        if (message.Message is OrchestrationMessage poisoned)
        {
            await failInstance(
                poisoned.InstanceId,
                new FailureDetails(FailureTypes.PoisonMessage, $"{poisoned.Event.EventType} message {poisoned.MessageId} was moved to the poison table: {reason}", null, null, isNonRetriable: true),
                cancellationToken).ConfigureAwait(false);
        }

        await queue.DeleteAsync(message, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
