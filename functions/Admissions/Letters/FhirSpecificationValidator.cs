using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// Validates FHIR R4 resources against the base specification with Firely's validator, offline:
/// the specification's StructureDefinitions, ValueSets and CodeSystems come from the
/// <c>specification.zip</c> the app ships (package Hl7.Fhir.Specification.Data.R4). It checks
/// structure, cardinalities, data types, required bindings and the specification's invariants
/// (FHIRPath constraints, narrative XHTML, the rules of a message bundle).
/// </summary>
/// <remarks>
/// MedCom's own profiles and extensions are not available offline, so the instance's
/// <c>meta.profile</c> claims are not followed and MedCom's extensions are not resolved;
/// <see cref="CareCommunicationRules"/> checks what MedCom requires beyond the base specification.
/// Building the validator reads the archive and compiles schemas on first use, which takes
/// seconds: one instance per process (a singleton), built lazily by the first validation.
/// </remarks>
internal sealed class FhirSpecificationValidator
{
    private const string BaseSpecification = "http://hl7.org/fhir/StructureDefinition/";

    private readonly Lazy<Validator> _validator = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Validates <paramref name="resource"/>; the result tells how long it took and whether that included loading the validator.</summary>
    public FhirValidationResult Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var firstUse = !_validator.IsValueCreated;
        var clock = Stopwatch.StartNew();
        var outcome = _validator.Value.Validate(resource);
        clock.Stop();

        var issues = outcome.Issue.Select(issue => (issue.Severity, Issue: new FhirIssue(string.Join(", ", issue.Expression.Concat(issue.Location)), issue.Details?.Text ?? issue.Diagnostics ?? issue.Code?.ToString() ?? "unknown problem"))).ToList();
        return new FhirValidationResult(
            [.. issues.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(i => i.Issue)],
            [.. issues.Where(i => i.Severity is OperationOutcome.IssueSeverity.Warning).Select(i => i.Issue)],
            clock.Elapsed,
            firstUse);
    }

    private static Validator Create()
    {
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        var settings = new ValidationSettings
        {
            // Only the base specification's profiles can be resolved offline; MedCom's are checked by CareCommunicationRules.
            SelectValidationProfiles = (_, profiles, _, _) => [.. profiles.Where(profile => profile.Uri?.StartsWith(BaseSpecification, StringComparison.Ordinal) == true)],
            FollowExtensionUrl = (_, url) => url?.Uri?.StartsWith("http://hl7.org/fhir/", StringComparison.Ordinal) == true ? ExtensionUrlHandling.WarnIfMissing : ExtensionUrlHandling.DontResolve,
        };
        return new Validator(specification, new LocalTerminologyService(specification), referenceResolver: null, settings);
    }
}

/// <summary>What the base specification found wrong (errors) or questionable (warnings) in a resource.</summary>
/// <param name="Elapsed">How long the validation took.</param>
/// <param name="IncludedLoading">Whether it included building the validator (the first validation in the process).</param>
internal sealed record FhirValidationResult(IReadOnlyList<FhirIssue> Errors, IReadOnlyList<FhirIssue> Warnings, TimeSpan Elapsed, bool IncludedLoading)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>One issue: where (a FHIRPath location) and what.</summary>
internal sealed record FhirIssue(string Location, string Message)
{
    public override string ToString() => Location.Length == 0 ? Message : $"{Location}: {Message}";
}
