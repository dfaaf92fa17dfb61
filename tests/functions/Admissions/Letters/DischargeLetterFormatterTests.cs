using System.Text.Json;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>The step before publishing: the admission's letter becomes a validated FHIR message, or is rejected.</summary>
public sealed class DischargeLetterFormatterTests
{
    private static readonly DischargeLetterFormatter Formatter = new(LetterSamples.Validator, Options.Create(LetterSamples.Sender), NullLogger<DischargeLetterFormatter>.Instance);

    private static IntegrationMessage Message(object body) => new(LetterSamples.MessageId, AdmissionEngine.DischargeLetterType, "ADM-2026-0001", LetterSamples.SentAt, body);

    [Fact]
    public void Format_Letter_IsTheMedComMessageAsFhirJson()
    {
        var formatted = Formatter.Format(Message(LetterSamples.Request()));

        Assert.Equal("application/fhir+json", formatted.DataContentType);
        Assert.Equal((LetterSamples.MessageId, AdmissionEngine.DischargeLetterType), (formatted.Id, formatted.Type));
        var body = Assert.IsType<JsonElement>(formatted.Body);
        Assert.Equal(LetterSamples.Build().ToJson(), body.GetRawText());
        Assert.Equal(LetterSamples.Request().Text, FhirLetter.From(body).Text);
    }

    [Fact]
    public void Format_BodyAsItComesOutOfTheHistory_GivesTheSameBytesAsTheFirstAttempt()
    {
        // The activity's input is JSON in the history; a retry reads it again and must send the same message.
        var fromHistory = JsonSerializer.SerializeToElement<object>(LetterSamples.Request(), DurableSerializer.Options);

        var first = (JsonElement)Formatter.Format(Message(LetterSamples.Request())).Body;
        var retried = (JsonElement)Formatter.Format(Message(fromHistory)).Body;

        Assert.Equal(first.GetRawText(), retried.GetRawText());
    }

    [Fact]
    public void Format_LetterToAGpWithoutAnEanNumber_IsRejectedNamingTheProblem()
    {
        var request = LetterSamples.Request() with { Recipient = new LetterRecipient("Lægerne Algade", "57900", "123456789012345") };

        var rejected = Assert.Throws<IntegrationMessageRejectedException>(() => Formatter.Format(Message(request)));

        Assert.Contains("not a valid MedCom FHIR message (1 problems)", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("the MessageHeader's receiver has an EAN location number", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ProblemQuotingThePatient_IsRejectedWithoutTheNameOrCprNumber()
    {
        // A control character fails FHIR's string rule, and the validator quotes the value: here the patient's name.
        var summary = LetterSamples.Summary with { PatientName = "Karen Marie\u0007 Jensen", PatientCpr = "010180123" };

        var rejected = Assert.Throws<IntegrationMessageRejectedException>(() => Formatter.Format(Message(LetterSamples.Request(summary))));

        Assert.Contains("does not match regex", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("the Patient has a CPR number", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Karen", rejected.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jensen", rejected.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("010180", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_BodyThatIsNotALetter_IsRejected()
    {
        var rejected = Assert.Throws<IntegrationMessageRejectedException>(() => Formatter.Format(Message("Udskrevet.")));

        Assert.Contains("not a DischargeLetterRequest", rejected.Message, StringComparison.Ordinal);
    }
}
