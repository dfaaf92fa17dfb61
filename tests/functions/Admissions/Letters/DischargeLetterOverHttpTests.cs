using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>The local run, over HTTP on the virtual clock: a discharge puts a valid MedCom FHIR message in the outbox.</summary>
public sealed class DischargeLetterOverHttpTests
{
    [Fact]
    public async Task ADischargePutsAValidFhirMessageForTheGpInTheOutbox()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?>
        {
            ["Clock:Mode"] = "Virtual",
            ["Clock:Start"] = "2026-03-02T10:00:00+01:00",
            ["EHospital:Name"] = "eHospital Region Sjælland",
            ["EHospital:SorCode"] = "1144561000016002",
            ["EHospital:EanNumber"] = "5790001234567",
        });
        using var http = app.CreateClient(TestApplication.AdminKey);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-FHIR-1"))).StatusCode);
        await AdvanceAsync(http, new { to = "2026-03-02T12:30:00+01:00" });
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions/ADM-FHIR-1/discharge", new { reason = "Klinisk rask" })).StatusCode);
        await AdvanceAsync(http, new { by = "PT1M" });

        var outbox = (await http.GetFromJsonAsync<JsonElement[]>("/api/dev/outbox"))!;
        var listed = Assert.Single(outbox, message => message.GetProperty("type").GetString() == AdmissionEngine.DischargeLetterType);
        Assert.Equal(("ADM-FHIR-1-letter", "application/fhir+json"), (listed.GetProperty("id").GetString(), listed.GetProperty("dataContentType").GetString()));
        var letter = FhirLetter.From(listed.GetProperty("body"));

        // Valid: the base specification (the app's own validator) and MedCom's rules.
        var validation = app.Services.GetRequiredService<FhirSpecificationValidator>().Validate(letter.Bundle);
        Assert.True(validation.IsValid, string.Join("\n", validation.Errors));
        Assert.Empty(CareCommunicationRules.Check(letter.Bundle));

        // From the configured eHospital to the admission's GP, about its patient, with the letter.
        Assert.Equal(("eHospital Region Sjælland", "1144561000016002", "5790001234567"), (letter.Sender.Name, FhirLetter.IdentifierOf(letter.Sender.Identifier, MedCom.Identifiers.Sor), FhirLetter.IdentifierOf(letter.Sender.Identifier, MedCom.Identifiers.Ean)));
        Assert.Equal(("Lægerne Algade", "123456789012345", "5790000123456"), (letter.Receiver.Name, FhirLetter.IdentifierOf(letter.Receiver.Identifier, MedCom.Identifiers.Sor), FhirLetter.IdentifierOf(letter.Receiver.Identifier, MedCom.Identifiers.Ean)));
        Assert.Equal("0101801234", FhirLetter.IdentifierOf(letter.Patient.Identifier, MedCom.Identifiers.Cpr));
        Assert.Contains("Patient: Karen Jensen, CPR 010180-1234\n", letter.Text, StringComparison.Ordinal);
        Assert.Contains("(udskrevet før planlagt: Klinisk rask)", letter.Text, StringComparison.Ordinal);
        Assert.Equal(NameBasedUuid.Create(NameBasedUuid.LetterNamespace, "ADM-FHIR-1-letter/MessageHeader").ToString("D"), letter.Header.Id);

        // On the queue: a CloudEvent whose data is the same bundle, typed application/fhir+json.
        var queue = app.Services.GetRequiredService<StorageQueueIntegrationChannel>().QueueName;
        var peeked = (await app.Services.GetRequiredService<StorageAccount>().Queues.GetQueueClient(queue).PeekMessagesAsync(32)).Value;
        var cloudEvent = Assert.Single(peeked.Select(m => CloudEvent.Parse(BinaryData.FromBytes(Convert.FromBase64String(m.MessageText)))!), e => e.Type == AdmissionEngine.DischargeLetterType);
        Assert.Equal(("ADM-FHIR-1-letter", "application/fhir+json"), (cloudEvent.Id, cloudEvent.DataContentType));
        Assert.Equal(letter.Header.Id, FhirLetter.Parse(cloudEvent.Data!.ToString()).Header.Id);
    }

    private static async Task AdvanceAsync(HttpClient http, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/dev/clock/advance", body)).StatusCode);
}
