using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Functions.Integration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>The channel against a real namespace (skipped without one, see <see cref="ServiceBusFactAttribute"/>).</summary>
public sealed class ServiceBusNamespaceTests
{
    [ServiceBusFact]
    public async Task PublishAsync_RealQueue_DeliversTheCloudEventWithItsProperties()
    {
        await using var client = new ServiceBusClient(ServiceBusFactAttribute.Connection, new ServiceBusClientOptions { RetryOptions = ServiceBusClientRegistration.RetryOptions() });
        await using var channel = new ServiceBusIntegrationChannel(client.CreateSender(ServiceBusFactAttribute.Queue), NullLogger<ServiceBusIntegrationChannel>.Instance);
        await using var receiver = client.CreateReceiver(ServiceBusFactAttribute.Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var id = $"hah-test-{Guid.NewGuid():N}";
        var message = new IntegrationMessage(id, "dk.ehospital.discharge-letter.v1", "ADM-SB-REAL", DateTimeOffset.UtcNow, new { text = "Udskrevet." });

        await channel.PublishAsync(message, default);

        // The queue may hold other tests' leftovers: read until this one arrives.
        ServiceBusReceivedMessage? received = null;
        for (var attempt = 0; attempt < 10 && received is null; attempt++)
        {
            foreach (var candidate in await receiver.ReceiveMessagesAsync(50, TimeSpan.FromSeconds(5)))
            {
                received ??= candidate.MessageId == id ? candidate : null;
            }
        }

        Assert.NotNull(received);
        Assert.Equal(IntegrationServiceBusMessage.ContentType, received.ContentType);
        Assert.Equal("dk.ehospital.discharge-letter.v1", received.Subject);
        Assert.Equal("ADM-SB-REAL", received.ApplicationProperties["admissionId"]);
        Assert.Equal(IntegrationServiceBusMessage.From(message).Body.ToArray(), received.Body.ToArray());
    }
}
