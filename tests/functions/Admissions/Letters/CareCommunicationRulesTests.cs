using HaH.Orchestration.Functions.Admissions.Letters;
using Hl7.Fhir.Model;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>Each MedCom rule the base specification does not check catches a letter that breaks it.</summary>
public sealed class CareCommunicationRulesTests
{
    public static TheoryData<string, string> Breaks => new()
    {
        { "sender without SOR", "the MessageHeader's sender has a SOR code" },
        { "receiver without EAN", "the MessageHeader's receiver has an EAN location number" },
        { "receiver EAN of 12 digits", "the MessageHeader's receiver has an EAN location number" },
        { "another event", "the MessageHeader's event is care-communication-message" },
        { "destination not primary", "the destination is marked as the primary receiver" },
        { "header not first", "the first entry is the MessageHeader" },
        { "patient without CPR", "the Patient has a CPR number" },
        { "category other", "the Communication's category is discharge" },
        { "practitioner without narrative", "the Practitioner has a generated narrative" },
        { "organization narrative empty", "the Organization has a generated narrative" },
        { "communication without profile", "the Communication claims its MedCom profile" },
        { "payload without phone", "the payload has the author's phone" },
        { "provenance of another activity", "the Provenance's activity is new-message" },
        { "reference outside the bundle", "every reference resolves to an entry of the bundle" },
        { "fullUrl not urn:uuid", "every entry's fullUrl is a urn:uuid" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Check_LetterBreakingARule_NamesThatRule(string breakage, string rule)
    {
        var letter = new FhirLetter(LetterSamples.Build());
        Break(letter, breakage);

        var problems = CareCommunicationRules.Check(letter.Bundle);

        Assert.Contains(problems, problem => problem.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_Problems_NameRulesNeverValues()
    {
        var letter = new FhirLetter(LetterSamples.Build());
        letter.Patient.Identifier[0].System = "urn:oid:1.2.208.176.1.999";

        var problem = Assert.Single(CareCommunicationRules.Check(letter.Bundle));

        Assert.DoesNotContain("0101801234", problem, StringComparison.Ordinal);
        Assert.StartsWith("MedCom: ", problem, StringComparison.Ordinal);
    }

    private static void Break(FhirLetter letter, string breakage)
    {
        switch (breakage)
        {
            case "sender without SOR":
                letter.Sender.Identifier.RemoveAll(id => id.System == MedCom.Identifiers.Sor);
                break;
            case "receiver without EAN":
                letter.Receiver.Identifier.RemoveAll(id => id.System == MedCom.Identifiers.Ean);
                break;
            case "receiver EAN of 12 digits":
                letter.Receiver.Identifier.Single(id => id.System == MedCom.Identifiers.Ean).Value = "579000012345";
                break;
            case "another event":
                letter.Header.Event = new Coding(MedCom.Codes.EventSystem, "hospital-notification-message");
                break;
            case "destination not primary":
                letter.Header.Destination[0].Extension.Clear();
                break;
            case "header not first":
                var header = letter.Bundle.Entry[0];
                letter.Bundle.Entry.RemoveAt(0);
                letter.Bundle.Entry.Add(header);
                break;
            case "patient without CPR":
                letter.Patient.Identifier.Clear();
                break;
            case "category other":
                letter.Communication.Category = [new CodeableConcept(MedCom.Codes.CategorySystem, "other")];
                break;
            case "practitioner without narrative":
                letter.Single<Practitioner>().Text = null;
                break;
            case "organization narrative empty":
                letter.Receiver.Text!.Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p></p></div>";
                break;
            case "communication without profile":
                letter.Communication.Meta!.Profile = [];
                break;
            case "payload without phone":
                letter.Communication.Payload[0].RemoveExtension(MedCom.Extensions.PayloadAuthorContact);
                break;
            case "provenance of another activity":
                letter.Provenance.Activity = new CodeableConcept(MedCom.Codes.ActivitySystem, "reply-message");
                break;
            case "reference outside the bundle":
                letter.Communication.Subject = new ResourceReference("Patient/elsewhere");
                break;
            case "fullUrl not urn:uuid":
                letter.Bundle.Entry[1].FullUrl = "https://example.org/Patient/1";
                break;
            default:
                throw new ArgumentException($"No such breakage: {breakage}", nameof(breakage));
        }
    }
}
