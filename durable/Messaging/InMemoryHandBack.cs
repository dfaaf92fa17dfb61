using HaH.Orchestration.Durable.ControlQueue;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>
/// What happens to a message only handed over in memory (a client's start, a local activity's
/// result, an inbox row's message) that its partition cannot apply now: it goes to the control
/// queue, and only then is its inbox row deleted, so that it is durable somewhere at every moment.
/// </summary>
internal static class InMemoryHandBack
{
    public static async Task SendToQueueAsync(WorkItem item, MessageQueue controlQueue, InstanceStore store, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.InMemory is not { } message)
        {
            return;
        }

        await controlQueue.SendAsync(message, visibilityDelay, cancellationToken).ConfigureAwait(false);
        if (item.Inboxed)
        {
            await store.DeleteInboxAsync(item.InstanceId, item.MessageId, cancellationToken).ConfigureAwait(false);
        }
    }
}
