using System.Net;
using System.Net.Http.Json;
using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>
/// The channel and the command queue against a real namespace (skipped without one, see
/// <see cref="ServiceBusFactAttribute"/>). One class, so that its tests, which share the queue, run one after the other.
/// </summary>
public sealed class ServiceBusNamespaceTests
{
    [ServiceBusFact]
    public async Task PublishAsync_RealQueue_DeliversTheCloudEventWithItsProperties()
    {
        await using var client = new ServiceBusClient(ServiceBusFactAttribute.Connection, new ServiceBusClientOptions { RetryOptions = ServiceBusClientRegistration.RetryOptions() });
        await using var channel = new ServiceBusIntegrationChannel(client.CreateSender(ServiceBusFactAttribute.Queue), NullLogger<ServiceBusIntegrationChannel>.Instance);
        await using var receiver = client.CreateReceiver(ServiceBusFactAttribute.Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var id = $"hah-test-{Guid.NewGuid():N}";
        var message = new IntegrationMessage(id, "dk.ehospital.discharge-letter.v2", "ADM-SB-REAL", DateTimeOffset.UtcNow, new { text = "Udskrevet." });

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
        Assert.Equal("dk.ehospital.discharge-letter.v2", received.Subject);
        Assert.Equal("ADM-SB-REAL", received.ApplicationProperties["admissionId"]);
        Assert.Equal(IntegrationServiceBusMessage.From(message).Body.ToArray(), received.Body.ToArray());
    }

    [ServiceBusFact]
    public async Task TheHostReadingTheCommandQueue_StartsAnAdmissionSentThere()
    {
        var id = $"SB-REAL-{Guid.NewGuid():N}"[..40];
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Integration:ServiceBus:ConnectionString"] = ServiceBusFactAttribute.Connection,
            ["Integration:Commands:Queue"] = ServiceBusFactAttribute.Queue,
        });
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        await using var client = new ServiceBusClient(ServiceBusFactAttribute.Connection);
        await using var sender = client.CreateSender(ServiceBusFactAttribute.Queue);

        await sender.SendMessageAsync(new ServiceBusMessage(BinaryData.FromObjectAsJson(AdmissionOverHttpTests.StartBody(id, firstDoseAt: DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:00+00:00", System.Globalization.CultureInfo.InvariantCulture))))
        {
            MessageId = id,
            ContentType = "application/json",
            ApplicationProperties = { ["command"] = "start" },
        });

        var status = HttpStatusCode.NotFound;
        for (var attempt = 0; attempt < 60 && status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            status = (await http.GetAsync(new Uri($"/api/admissions/{id}", UriKind.Relative))).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
