using System.Globalization;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// The change routes' bodies, validated and turned into signals: one place for their rules and
/// problem texts, used by the HTTP routes and the Service Bus command queue alike.
/// </summary>
internal static class AdmissionChanges
{
    /// <summary>The longest reason a pause, resume or discharge may carry (it goes into the letter and the history).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Each change's name and the type its body binds to.</summary>
    public static IReadOnlyDictionary<string, Type> BodyTypes { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["plan"] = typeof(PlanChangeRequest),
        ["pause"] = typeof(ReasonRequest),
        ["resume"] = typeof(ReasonRequest),
        ["discharge"] = typeof(ReasonRequest),
        ["medication-delivered"] = typeof(DeliveryRequest),
        ["rounds"] = typeof(RoundRequest),
    };

    /// <summary>The change <paramref name="route"/> names, with <paramref name="body"/> of the type <see cref="BodyTypes"/> gives (or null).</summary>
    public static AdmissionChange Of(string route, object? body) => route switch
    {
        "plan" => Plan((PlanChangeRequest?)body),
        "pause" => Pause((ReasonRequest?)body),
        "resume" => Resume((ReasonRequest?)body),
        "discharge" => Discharge((ReasonRequest?)body),
        "medication-delivered" => MedicationDelivered((DeliveryRequest?)body),
        "rounds" => Round((RoundRequest?)body),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, "Not a change of an admission."),
    };

    public static AdmissionChange Plan(PlanChangeRequest? body) =>
        new("plan", body, ValidatePlanChange(body), signalId => ToSignal(signalId, body!));

    public static AdmissionChange Pause(ReasonRequest? body) =>
        new("pause", body, ValidateReason(body), signalId => new PauseAdmission(signalId, body?.Reason));

    public static AdmissionChange Resume(ReasonRequest? body) =>
        new("resume", body, ValidateReason(body), signalId => new ResumeAdmission(signalId, body?.Reason));

    public static AdmissionChange Discharge(ReasonRequest? body) =>
        new("discharge", body, ValidateReason(body), signalId => new DischargeNow(signalId, body?.Reason));

    public static AdmissionChange MedicationDelivered(DeliveryRequest? body) =>
        new("medication-delivered", body, ValidateDelivery(body), signalId => new MedicationDelivered(signalId, Instant(body?.DeliveredAt), body?.Days));

    public static AdmissionChange Round(RoundRequest? body) =>
        new("rounds", body, ValidateRound(body), signalId => new RoundRecorded(signalId, Instant(body?.At), body?.Note),
            (id, view, now) => RoundLimit.Check(id, view, Instant(body?.At) ?? now));

    private static Dictionary<string, string[]> ValidateReason(ReasonRequest? body)
    {
        var problems = new Dictionary<string, string[]>();
        if (body?.Reason is { Length: > MaxReasonLength })
        {
            problems["reason"] = [$"reason must be at most {MaxReasonLength} characters."];
        }

        return problems;
    }

    private static ChangePlan ToSignal(string signalId, PlanChangeRequest body) =>
        new(signalId, body.TimesPerDay, body.Dose, body.Drug, body.EndDate is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null);

    private static Dictionary<string, string[]> ValidatePlanChange(PlanChangeRequest? body)
    {
        var problems = new Dictionary<string, string[]>();
        if (body is null)
        {
            problems["$"] = ["A JSON body with at least one of timesPerDay, dose, drug and endDate is required."];
            return problems;
        }

        if (body.TimesPerDay is null && body.Dose is null && body.Drug is null && body.EndDate is null)
        {
            problems["plan"] = ["Name at least one of timesPerDay, dose, drug and endDate."];
        }

        if (body.TimesPerDay is < 1 or > 4)
        {
            problems["timesPerDay"] = ["timesPerDay must be 1–4."];
        }

        if (body.Dose is { } dose && (string.IsNullOrWhiteSpace(dose) || dose.Length > 200))
        {
            problems["dose"] = ["dose must be 1–200 characters."];
        }

        if (body.Drug is { } drug && (string.IsNullOrWhiteSpace(drug) || drug.Length > 200))
        {
            problems["drug"] = ["drug must be 1–200 characters."];
        }

        if (body.EndDate is { } endDate && !DateOnly.TryParseExact(endDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems["endDate"] = ["endDate must be a date, yyyy-MM-dd (the last day of treatment)."];
        }

        return problems;
    }

    private static Dictionary<string, string[]> ValidateDelivery(DeliveryRequest? body)
    {
        var problems = new Dictionary<string, string[]>();
        if (body?.DeliveredAt is { } at && Instant(at) is null)
        {
            problems["deliveredAt"] = ["deliveredAt must be an ISO 8601 instant with an offset."];
        }

        if (body?.Days is < 1 or > 90)
        {
            problems["days"] = ["days must be 1–90."];
        }

        return problems;
    }

    private static Dictionary<string, string[]> ValidateRound(RoundRequest? body)
    {
        var problems = new Dictionary<string, string[]>();
        if (body?.At is { } at && Instant(at) is null)
        {
            problems["at"] = ["at must be an ISO 8601 instant with an offset."];
        }

        if (body?.Note is { Length: > 2000 })
        {
            problems["note"] = ["note must be at most 2000 characters."];
        }

        return problems;
    }

    private static DateTimeOffset? Instant(string? text) =>
        text is not null && text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;
}
