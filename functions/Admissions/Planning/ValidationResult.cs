using System.Diagnostics.CodeAnalysis;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// Either a valid <see cref="AdmissionPlan"/> or every problem of the request, by camelCase field
/// path (e.g. <c>treatment.timesPerDay</c>) — the shape of a ValidationProblem's <c>errors</c>.
/// </summary>
internal sealed class ValidationResult
{
    private ValidationResult(AdmissionPlan? plan, IReadOnlyDictionary<string, string[]> errors)
    {
        Plan = plan;
        Errors = errors;
    }

    /// <summary>The plan when the request was valid; otherwise null.</summary>
    public AdmissionPlan? Plan { get; }

    /// <summary>Field path to messages; empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    [MemberNotNullWhen(true, nameof(Plan))]
    public bool IsValid => Plan is not null;

    public static ValidationResult Valid(AdmissionPlan plan) =>
        new(plan ?? throw new ArgumentNullException(nameof(plan)), new Dictionary<string, string[]>());

    public static ValidationResult Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("An invalid result needs at least one problem.", nameof(errors));
        }

        return new(null, errors);
    }
}
