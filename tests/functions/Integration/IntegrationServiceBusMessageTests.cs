using System.Text.Json;
using Azure.Messaging;
using HaH.Orchestration.Functions.Integration;

namespace HaH.Orchestration.Functions.Tests.Integration;

public sealed class IntegrationServiceBusMessageTests
{
    private const string DischargeLetter = "dk.ehospital.discharge-letter.v2";
    private static readonly DateTimeOffset At = new(2026, 4, 2, 10, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void From_Message_CarriesItsIdAsMessageIdItsTypeAsSubjectAndBothAsApplicationProperties()
    {
        var message = IntegrationServiceBusMessage.From(Letter());

        Assert.Equal("ADM-Ø-1-letter", message.MessageId);
        Assert.Equal("application/cloudevents+json; charset=utf-8", message.ContentType);
        Assert.Equal(DischargeLetter, message.Subject);
        Assert.Equal(
            new Dictionary<string, object> { ["type"] = DischargeLetter, ["admissionId"] = "ADM-Ø-1" },
            message.ApplicationProperties);
    }

    [Fact]
    public void From_Message_BodyIsTheCloudEventTheStorageQueueCarriesToo()
    {
        var letter = Letter();

        var message = IntegrationServiceBusMessage.From(letter);

        Assert.Equal(CloudEventEnvelope.Write(letter, CloudEventEnvelope.SerializeBody(letter.Body)), message.Body.ToArray());
        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal("ADM-Ø-1-letter", cloudEvent.Id);
        Assert.Equal(DischargeLetter, cloudEvent.Type);
        Assert.Equal("ADM-Ø-1", cloudEvent.Subject);
        Assert.Equal("/hah/admissions/ADM-%C3%98-1", cloudEvent.Source);
        Assert.Equal(At, cloudEvent.Time);
        Assert.Equal(new Body("5790000123456", "Udskrevet. ÆØÅ æøå"), cloudEvent.Data!.ToObjectFromJson<Body>(new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void From_FhirLetter_TheCloudEventSaysItsDataIsFhirJson()
    {
        var letter = Letter() with { DataContentType = "application/fhir+json" };

        var cloudEvent = CloudEvent.Parse(IntegrationServiceBusMessage.From(letter).Body)!;

        Assert.Equal("application/fhir+json", cloudEvent.DataContentType);
    }

    [Fact]
    public void From_MessageWithoutId_Throws() =>
        Assert.Throws<ArgumentException>(() => IntegrationServiceBusMessage.From(Letter() with { Id = " " }));

    private static IntegrationMessage Letter() =>
        new("ADM-Ø-1-letter", DischargeLetter, "ADM-Ø-1", At, new Body("5790000123456", "Udskrevet. ÆØÅ æøå"));

    private sealed record Body(string EanNumber, string Text);
}
