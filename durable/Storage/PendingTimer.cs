namespace HaH.Orchestration.Durable.Storage;

/// <summary>A durable timer of the instance that has not fired or been cancelled yet.</summary>
/// <param name="TimerId">The event id of the timer's <c>TimerCreated</c> decision.</param>
/// <param name="FireAt">When it is due.</param>
internal sealed record PendingTimer(int TimerId, DateTimeOffset FireAt);
