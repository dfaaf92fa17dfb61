using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Messaging;

/// <summary>When a received message is poison: unreadable, in the wrong queue, or delivered too often.</summary>
internal static class PoisonRules
{
    /// <summary>Why the message is poison, or null when it can be processed.</summary>
    public static string? ReasonFor<TExpected>(ReceivedMessage message, int maxDequeueCount, string queueKind)
    {
        if (message.IsPoison)
        {
            return $"The message could not be read: {message.ReadError}";
        }

        if (message.Message is not TExpected)
        {
            return $"A {message.Message!.GetType().Name} does not belong in the {queueKind}.";
        }

        return message.DequeueCount > maxDequeueCount
            ? $"The message was delivered {message.DequeueCount} times without being processed (limit {maxDequeueCount})."
            : null;
    }
}
