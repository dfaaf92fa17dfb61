using DurableTask.Core;
using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// Moves an orchestration message aside when it is poison (<see cref="PoisonRules"/>): recorded in
/// the poison table, its instance failed visibly (<paramref name="failInstance"/>), and only then
/// removed from where it came from — a control queue or an instance's inbox — never retried forever.
/// </summary>
internal sealed class PoisonMessages(PoisonStore poison, int maxDequeueCount, ILogger logger, Func<string, FailureDetails, CancellationToken, Task> failInstance)
{
    /// <summary>
    /// True when <paramref name="message"/> was poison and has been moved aside (<paramref name="remove"/>
    /// took it from its source); false when it can be processed.
    /// </summary>
    public async Task<bool> TryMoveAsideAsync(ReceivedMessage message, string sourceKind, Func<CancellationToken, Task> remove, CancellationToken cancellationToken)
    {
        if (PoisonRules.ReasonFor<OrchestrationMessage>(message, maxDequeueCount, sourceKind) is not { } reason)
        {
            return false;
        }

        DurableTelemetry.PoisonMessages.Add(1);
        logger.PoisonMessage(message.QueueName, message.QueueMessageId, message.DequeueCount, reason);
        await poison.MoveAsync(message, reason, cancellationToken).ConfigureAwait(false);
        if (message.Message is OrchestrationMessage poisoned)
        {
            await failInstance(
                poisoned.InstanceId,
                new FailureDetails(FailureTypes.PoisonMessage, $"{poisoned.Event.EventType} message {poisoned.MessageId} was moved to the poison table: {reason}", null, null, isNonRetriable: true),
                cancellationToken).ConfigureAwait(false);
        }

        await remove(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
