using System.Text;
using System.Text.Json;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Shared;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// Turns the admission's discharge letter (<see cref="DischargeLetterRequest"/>) into a MedCom
/// CareCommunication FHIR message (<see cref="CareCommunicationMessage"/>), validates it against the
/// base FHIR specification and MedCom's rules, and hands it on as <c>application/fhir+json</c>. A
/// letter that fails validation is rejected: it is not sent, and the admission shows it as an open
/// alert naming the problems.
/// </summary>
internal sealed class DischargeLetterFormatter(FhirSpecificationValidator validator, IOptions<EHospitalOptions> sender, ILogger<DischargeLetterFormatter> logger) : IIntegrationMessageFormatter
{
    /// <summary>The content type of a FHIR resource in JSON.</summary>
    public const string FhirJson = "application/fhir+json";

    /// <summary>How many problems a rejection names before "and N more".</summary>
    public const int ProblemsNamed = 5;

    public string Type => AdmissionEngine.DischargeLetterType;

    public IntegrationMessage Format(IntegrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var letter = Read(message.Body);
        var bundle = CareCommunicationMessage.Build(letter, sender.Value, message.Id, message.Time);

        var validation = validator.Validate(bundle);
        if (validation.IncludedLoading)
        {
            logger.ValidatorLoaded((long)validation.Elapsed.TotalMilliseconds);
        }

        // Problems are shown on the dashboard and logged: the patient's name and CPR-shaped numbers are masked.
        var problems = CareCommunicationRules.Check(bundle).Concat(validation.Errors.Select(error => error.ToString()))
            .Select(problem => FreeText.Clean(problem, 300, [letter.Summary.PatientName]))
            .ToList();
        foreach (var warning in validation.Warnings)
        {
            logger.LetterValidationWarning(message.Id, FreeText.Clean(warning.ToString(), 300, [letter.Summary.PatientName]));
        }

        if (problems.Count > 0)
        {
            var named = string.Join("; ", problems.Take(ProblemsNamed)) + (problems.Count > ProblemsNamed ? $"; and {problems.Count - ProblemsNamed} more" : "");
            logger.LetterInvalid(message.Id, message.AdmissionId, named);
            throw new IntegrationMessageRejectedException($"The discharge letter is not a valid MedCom FHIR message ({problems.Count} problems): {named}");
        }

        var json = bundle.ToJson();
        logger.LetterBuilt(message.Id, message.AdmissionId, bundle.Entry.Count, Encoding.UTF8.GetByteCount(json), (long)validation.Elapsed.TotalMilliseconds, validation.Warnings.Count);
        using var document = JsonDocument.Parse(json);
        return message with { Body = document.RootElement.Clone(), DataContentType = FhirJson };
    }

    /// <summary>The letter from the message's body: the record itself in process, JSON when it came through the orchestration's history.</summary>
    private static DischargeLetterRequest Read(object body) => body switch
    {
        DischargeLetterRequest letter => letter,
        JsonElement json => json.Deserialize<DischargeLetterRequest>(DurableSerializer.Options)
            ?? throw new IntegrationMessageRejectedException("The discharge letter's body is empty."),
        _ => throw new IntegrationMessageRejectedException($"The discharge letter's body is a {body?.GetType().Name ?? "null"}, not a {nameof(DischargeLetterRequest)}."),
    };
}
