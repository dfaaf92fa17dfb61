namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// How a request to start or change an admission ended, whatever carried it: accepted (the start
/// or the signal is durably recorded), or refused with the problem the HTTP routes answer (status,
/// title, detail, or the validation <see cref="Errors"/>) and a short <see cref="Reason"/> code
/// that names the refusal where there is no status code (a dead-lettered Service Bus message).
/// </summary>
internal sealed record AdmissionRequestOutcome(string AdmissionId, int Status, string Reason, string? Title = null, string? Detail = null, IDictionary<string, string[]>? Errors = null)
{
    public bool IsAccepted => Status == StatusCodes.Status202Accepted;

    public static AdmissionRequestOutcome Accepted(string admissionId) => new(admissionId, StatusCodes.Status202Accepted, "Accepted");

    /// <summary>A 400 naming every bad field, as <c>TypedResults.ValidationProblem</c> answers it.</summary>
    public static AdmissionRequestOutcome Invalid(string? admissionId, IDictionary<string, string[]> errors) =>
        new(admissionId ?? "", StatusCodes.Status400BadRequest, "ValidationFailed", Errors: errors);

    public static AdmissionRequestOutcome Refused(string admissionId, int status, string reason, string title, string detail) =>
        new(admissionId, status, reason, title, detail);

    public static AdmissionRequestOutcome NotFound(string admissionId) =>
        Refused(admissionId, StatusCodes.Status404NotFound, "AdmissionNotFound", "Admission not found", $"There is no admission '{admissionId}'.");

    /// <summary>The problem in one line of text: the detail, or each field with its problems.</summary>
    public string ProblemText => Errors is { Count: > 0 } errors
        ? string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"))
        : Detail ?? Title ?? Reason;
}
