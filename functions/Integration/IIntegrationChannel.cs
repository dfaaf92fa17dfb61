namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Sends messages to other systems (medicine orders to logistics, discharge letters to the GP).
/// Delivery is at least once: a retried activity may publish a message again, with the same
/// <see cref="IntegrationMessage.Id"/>, and consumers de-duplicate by it.
/// </summary>
internal interface IIntegrationChannel
{
    Task PublishAsync(IntegrationMessage message, CancellationToken ct);
}
