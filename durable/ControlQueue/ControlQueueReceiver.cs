using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Messaging;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.ControlQueue;

/// <summary>
/// Receives a batch from a partition's control queue as work items. A message that cannot be read,
/// or that failed processing too often, is moved to the poison table and its instance failed
/// visibly (<see cref="PoisonMessages"/>) — never retried forever.
/// </summary>
internal sealed class ControlQueueReceiver(MessageQueue queue, PoisonMessages poison, AzureStorageOptions options)
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

    private Task<bool> IsPoisonAsync(ReceivedMessage message, CancellationToken cancellationToken) =>
        poison.TryMoveAsideAsync(message, "control queue", token => queue.DeleteAsync(message, token), cancellationToken);
}
