using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Texts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Xunit.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>The discharge letter as a MedCom CareCommunication message: valid FHIR R4, and in MedCom's shape.</summary>
public sealed class CareCommunicationMessageTests(ITestOutputHelper output)
{
    private readonly FhirLetter _letter = new(LetterSamples.Build());

    [Fact]
    public void Build_SampleLetter_IsValidAgainstTheBaseSpecificationWithoutWarnings()
    {
        var result = LetterSamples.Validator.Validate(_letter.Bundle);

        output.WriteLine($"validated in {result.Elapsed.TotalMilliseconds:F0} ms (loading the validator included: {result.IncludedLoading})");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Build_SampleLetter_KeepsEveryMedComRule() => Assert.Empty(CareCommunicationRules.Check(_letter.Bundle));

    [Fact]
    public void Build_SameMessageAgain_GivesTheSameJson()
    {
        var again = LetterSamples.Build();

        Assert.Equal(_letter.Bundle.ToJson(), again.ToJson());
    }

    [Fact]
    public void Build_AnotherMessage_GetsOtherIdsOnEveryResource()
    {
        var other = new FhirLetter(LetterSamples.Build(messageId: "ADM-2026-0002-letter"));

        Assert.Empty(_letter.Bundle.Entry.Select(e => e.FullUrl).Intersect(other.Bundle.Entry.Select(e => e.FullUrl)));
        Assert.NotEqual(_letter.Bundle.Id, other.Bundle.Id);
    }

    [Fact]
    public void Build_MessageHeader_ComesFirstWithTheCareCommunicationEventAndAStableId()
    {
        var header = Assert.IsType<MessageHeader>(_letter.Bundle.Entry[0].Resource);
        var coding = Assert.IsType<Coding>(header.Event);

        Assert.Equal(Bundle.BundleType.Message, _letter.Bundle.Type);
        Assert.Equal(("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes", "care-communication-message"), (coding.System, coding.Code));
        Assert.Equal(NameBasedUuid.Create(NameBasedUuid.LetterNamespace, LetterSamples.MessageId + "/MessageHeader").ToString("D"), header.Id);
        Assert.Same(_letter.Communication, _letter.Resolve<Communication>(Assert.Single(header.Focus)));
    }

    [Fact]
    public void Build_Sender_IsTheEHospitalAndTheReceiverThePrimaryDestinationTheGp()
    {
        var destination = Assert.Single(_letter.Header.Destination);
        var use = Assert.IsType<Coding>(destination.GetExtension("http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension").Value);

        Assert.Equal("eHospital Region Sjælland", _letter.Sender.Name);
        Assert.Equal("Lægerne Algade", _letter.Receiver.Name);
        Assert.Equal(("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse", "primary"), (use.System, use.Code));
        Assert.Equal("https://sor2.sum.dsdn.dk/#id=123456789012345", destination.Endpoint);
        Assert.Equal("https://sor2.sum.dsdn.dk/#id=123456789012340", _letter.Header.Source.Endpoint);
    }

    [Fact]
    public void Build_BothOrganisations_AreIdentifiedBySorCodeAndEanNumber()
    {
        Assert.Equal("123456789012340", FhirLetter.IdentifierOf(_letter.Sender.Identifier, "urn:oid:1.2.208.176.1.1"));
        Assert.Equal("5790000000012", FhirLetter.IdentifierOf(_letter.Sender.Identifier, "https://www.gs1.org/gln"));
        Assert.Equal("123456789012345", FhirLetter.IdentifierOf(_letter.Receiver.Identifier, "urn:oid:1.2.208.176.1.1"));
        Assert.Equal("5790000123456", FhirLetter.IdentifierOf(_letter.Receiver.Identifier, "https://www.gs1.org/gln"));
    }

    [Fact]
    public void Build_Patient_IsIdentifiedByCprNumberWithAnOfficialName()
    {
        var name = Assert.Single(_letter.Patient.Name);

        Assert.Equal("0101801234", FhirLetter.IdentifierOf(_letter.Patient.Identifier, "urn:oid:1.2.208.176.1.2"));
        Assert.Equal((HumanName.NameUse.Official, "Jensen", "Karen Marie Jensen"), (name.Use, name.Family, name.Text));
        Assert.Equal(["Karen", "Marie"], name.Given);
        Assert.Same(_letter.Patient, _letter.Resolve<Patient>(_letter.Communication.Subject));
    }

    [Fact]
    public void Build_Communication_IsADischargeCarryingTheLetterAsItsText()
    {
        var communication = _letter.Communication;
        var category = Assert.Single(Assert.Single(communication.Category).Coding);
        var text = DischargeLetter.Compose(LetterSamples.Summary);

        Assert.Equal(("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-careCommunication-categoryCodes", "discharge"), (category.System, category.Code));
        Assert.Equal(EventStatus.Unknown, communication.Status);
        Assert.Equal(text.Subject, communication.Topic!.Text);
        Assert.Equal(text.Text, _letter.Text);
        foreach (var line in new[]
        {
            "Patient: Karen Marie Jensen, CPR 010180-1234",
            "- Givet til tiden: 1",
            "- Givet for sent: 1 (28/3 kl. 22:00 (bekræftet 28/3 kl. 23:35))",
            "- Ikke givet: 1 (29/3 kl. 07:00 (patienten sov))",
            "- Ikke bekræftet givet (ingen besked fra sygeplejen): 1 (29/3 kl. 15:00)",
            "Eskalationer: 2 (højeste niveau 1: 1, højeste niveau 2: 1; håndteret: 1, uløst: 1).",
            "- bestilt 2/4 kl. 10:00, leveret 3/4 kl. 11:20 (7 dage)",
            "Planændringer: 1.",
            "Ansvarlig læge i eHospital: Anna Holm",
        })
        {
            Assert.Contains(line + "\n", _letter.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_Payload_IsDatedIdentifiedAndSignedByTheResponsibleDoctorWithAPhone()
    {
        var payload = Assert.Single(_letter.Communication.Payload);
        var date = Assert.IsType<FhirDateTime>(payload.GetExtension("http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-datetime-extension").Value);
        var identifier = Assert.IsType<Identifier>(payload.GetExtension("http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-identifier-extension").Value);
        var role = _letter.Resolve<PractitionerRole>(Assert.IsType<ResourceReference>(payload.GetExtension("http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitioner-extension").Value));
        var contact = Assert.IsType<ContactPoint>(payload.GetExtension("http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-contact-extension").Value);

        // 10:00 UTC on 7 April is 12:00 in Copenhagen (summer time).
        Assert.Equal("2026-04-07T12:00:00+02:00", date.Value);
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 12, 0, 0, TimeSpan.FromHours(2)), _letter.Bundle.Timestamp);
        Assert.Contains("\"timestamp\":\"2026-04-07T12:00:00+02:00\"", _letter.Bundle.ToJson(), StringComparison.Ordinal);
        Assert.StartsWith("urn:uuid:", identifier.Value, StringComparison.Ordinal);
        Assert.Same(_letter.Sender, _letter.Resolve<Organization>(identifier.Assigner));
        Assert.Equal("Anna Holm", Assert.Single(_letter.Resolve<Practitioner>(role.Practitioner).Name!).Text);
        Assert.Same(_letter.Sender, _letter.Resolve<Organization>(role.Organization));
        Assert.Equal((ContactPoint.ContactPointSystem.Phone, "+4570000000"), (contact.System, contact.Value));
    }

    [Fact]
    public void Build_Provenance_RecordsANewMessageSentByTheEHospital()
    {
        var provenance = _letter.Provenance;
        var activity = Assert.Single(provenance.Activity!.Coding!);
        var payloadId = ((Identifier)_letter.Communication.Payload![0].GetExtension("http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-identifier-extension")!.Value!).Value;

        Assert.Equal(("http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes", "new-message"), (activity.System, activity.Code));
        Assert.Same(_letter.Header, _letter.Resolve<MessageHeader>(Assert.Single(provenance.Target)));
        Assert.Same(_letter.Sender, _letter.Resolve<Organization>(Assert.Single(provenance.Agent).Who));
        Assert.Equal(payloadId, Assert.Single(provenance.Entity!).What!.Identifier!.Value);
    }

    [Fact]
    public void Build_EveryResource_HasAGeneratedNarrativeAndClaimsItsMedComProfile()
    {
        var resources = _letter.Bundle.Entry.Select(entry => entry.Resource).ToList();

        Assert.Equal(["MessageHeader", "Patient", "Communication", "PractitionerRole", "Practitioner", "Organization", "Organization", "Provenance"], resources.Select(r => r!.TypeName));
        Assert.All(resources.Cast<DomainResource>(), resource =>
        {
            Assert.Equal(Narrative.NarrativeStatus.Generated, resource.Text!.Status);
            Assert.StartsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">", resource.Text.Div, StringComparison.Ordinal);
            Assert.StartsWith("http://medcomfhir.dk/ig/", Assert.Single(resource.Meta!.Profile!), StringComparison.Ordinal);
        });
        Assert.Equal("http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-message", Assert.Single(_letter.Bundle.Meta!.Profile!));
        Assert.Contains("Karen Marie Jensen", _letter.Patient.Text!.Div, StringComparison.Ordinal);
        Assert.Contains("Ikke givet: 1 (29/3 kl. 07:00 (patienten sov))<br />", _letter.Communication.Text!.Div, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EveryEntry_IsAUrnUuidAndEveryReferenceResolvesInsideTheBundle()
    {
        var fullUrls = _letter.Bundle.Entry.Select(entry => entry.FullUrl).ToHashSet();
        var references = _letter.References().Where(r => r.Reference is not null).ToList();

        Assert.All(fullUrls, url => Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", url));
        Assert.Equal(8, fullUrls.Count);
        Assert.Equal(11, references.Count);
        Assert.All(references, reference => Assert.Contains(reference.Reference, fullUrls));
    }

    [Fact]
    public void Build_MarkupInTheLetter_IsEscapedInTheNarrative()
    {
        var summary = LetterSamples.Summary with { DischargeReason = "<script>alert(1)</script> & mere 👍" };

        var letter = new FhirLetter(LetterSamples.Build(LetterSamples.Request(summary)));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere 👍", letter.Communication.Text!.Div, StringComparison.Ordinal);
        Assert.True(LetterSamples.Validator.Validate(letter.Bundle).IsValid);
    }
}
