namespace HaH.Orchestration.Durable.Storage;

/// <summary>A message moved aside to <c>{hub}Poison</c> because it could not be processed.</summary>
internal sealed record PoisonEntry(
    string QueueName,
    string QueueMessageId,
    string? MessageId,
    string? InstanceId,
    string Reason,
    string Body,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset MovedAt);
