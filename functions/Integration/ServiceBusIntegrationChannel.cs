using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Publishes integration messages to an Azure Service Bus queue or topic through the SDK's
/// <see cref="ServiceBusSender"/> (one per process, made once), each as
/// <see cref="IntegrationServiceBusMessage"/> maps it.
/// </summary>
/// <remarks>
/// A retried activity sends the same <c>MessageId</c> again; with duplicate detection enabled on
/// the entity (with a window longer than the activity's retries, an hour or more), Service Bus
/// drops the repeat. Without it the consumer must de-duplicate by the CloudEvent <c>id</c>, as
/// with the storage queue. The SDK retries a send itself (<see cref="ServiceBusClientRegistration.RetryOptions"/>);
/// what still fails throws, the message saying whether the activity's retries can help
/// (<see cref="ServiceBusSendFailure"/>). Bodies carry patient data and are never logged.
/// </remarks>
internal sealed class ServiceBusIntegrationChannel : IIntegrationChannel, IAsyncDisposable
{
    private readonly ServiceBusSender _sender;
    private readonly ILogger _logger;

    /// <param name="sender">The sender for the outbound entity.</param>
    /// <param name="logger">Where sends are logged (ids, types and the entity; never bodies).</param>
    public ServiceBusIntegrationChannel(ServiceBusSender sender, ILogger<ServiceBusIntegrationChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(logger);
        _sender = sender;
        _logger = logger;
    }

    /// <summary>The queue or topic messages go to.</summary>
    public string Entity => _sender.EntityPath;

    public async Task PublishAsync(IntegrationMessage message, CancellationToken ct)
    {
        var busMessage = IntegrationServiceBusMessage.From(message);
        try
        {
            await _sender.SendMessageAsync(busMessage, ct).ConfigureAwait(false);
        }
        catch (Exception error) when (ServiceBusSendFailure.Of(error, message, Entity, busMessage.Body.ToMemory().Length) is { } failure)
        {
            _logger.ServiceBusSendFailed(message.Type, message.Id, message.AdmissionId, Entity, failure.Cause, failure.RetryHelps);
            throw failure.Error;
        }

        _logger.IntegrationMessageSentToServiceBus(message.Type, message.Id, message.AdmissionId, Entity);
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
