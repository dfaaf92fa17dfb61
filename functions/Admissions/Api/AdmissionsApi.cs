using Microsoft.DurableTask.Client;
using System.Text.Json.Nodes;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// The admission routes of api.md, for integrators (and admins). The handlers are also the Functions
/// app's (functions-app/Admissions): one place decides every answer.
/// </summary>
internal static class AdmissionsApi
{
    public static RouteGroupBuilder MapAdmissions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admissions")
            .RequireAuthorization(AuthRegistration.IntegratorPolicy)
            .WithRequestBodyLimit(RequestBodyLimits.JsonApi)
            .WithTags("Admissions");
        group.MapPost("", StartAsync)
            .WithName("StartAdmission")
            .WithSummary("Start an admission")
            .WithDescription("Starts the admission's workflow. The same admissionId with the same body again is a retry: "
                + "202 with the same links. The same admissionId with another body: 409. Invalid: 400 naming every bad field. "
                + "Nothing is started for a rejected request.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetAdmission")
            .WithSummary("Read an admission")
            .WithDescription("The admission as a person sees it: phase, visits, medication, discharge, open alerts, "
                + "and the workflow's runtimeStatus. No CPR number and no full name. "
                + "visits lists, in time order, every visit so far and every visit planned for the next 7 days (state scheduled "
                + "until its reminder goes out); planning.plannedUntil says how far that reaches and planning.dosesAfter how many "
                + "doses follow until the treatment ends under the current plan. Visits no longer due after a plan change, a pause "
                + "or an early discharge become cancelled and keep their number; new doses get new numbers.")
            .Produces<AdmissionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        DescribeChange(group.MapPost("/{id}/plan", (string id, PlanChangeRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.Plan(body), request, requests, ct)),
            "ChangeAdmissionPlan", "Change the treatment plan", "Changes timesPerDay, dose, drug and/or endDate from the next visit on.");
        DescribeChange(group.MapPost("/{id}/pause", (string id, ReasonRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.Pause(body), request, requests, ct)),
            "PauseAdmission", "Pause an admission", "The patient is readmitted to a ward: no visits until resumed. The body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/resume", (string id, ReasonRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.Resume(body), request, requests, ct)),
            "ResumeAdmission", "Resume a paused admission", "Visits restart from the next slot. The body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/discharge", (string id, ReasonRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.Discharge(body), request, requests, ct)),
            "DischargeAdmission", "Discharge now", "Ends the admission before its planned end and sends the discharge letter; the body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/medication-delivered", (string id, DeliveryRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.MedicationDelivered(body), request, requests, ct)),
            "RecordMedicationDelivered", "Record a medicine delivery", "When the reordered medicine arrived (default: now) and, if known, how many days it covers.");
        DescribeChange(group.MapPost("/{id}/rounds", (string id, RoundRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct) =>
                ChangeAsync(id, AdmissionChanges.Round(body), request, requests, ct)),
            "RecordRound", "Record the daily virtual round", $"When it took place (default: now) and an optional note. At most {RoundLimit.PerDay} rounds a day (Danish date) are recorded; more is a 409.");
        return group;
    }

    private static void DescribeChange(RouteHandlerBuilder route, string name, string summary, string description) => route
        .WithName(name)
        .WithSummary(summary)
        .WithDescription(description + " Send an Idempotency-Key header (1–100 printable ASCII characters) to retry a change "
            + "without applying it twice: the same key with the same route and body answers as the first time; the same key "
            + "with another route or body within 24 hours is refused with 422. "
            + "202 with Location; 404 for an unknown admission; 409 when it has ended.")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    internal static async Task<Results<Accepted<AdmissionLinks>, ValidationProblem, ProblemHttpResult>> StartAsync(
        AdmissionRequest? body, HttpRequest request, AdmissionRequests requests, CancellationToken ct)
    {
        var outcome = await requests.StartAsync(body, ct);
        if (!outcome.IsAccepted)
        {
            return outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors) : Problem(outcome);
        }

        var links = AdmissionLinks.For(request, outcome.AdmissionId);
        return TypedResults.Accepted(links.AdmissionUri, links);
    }

    internal static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var instance = await AdmissionRequests.FindAsync(client, id, ct);
        if (instance is null)
        {
            return Problem(AdmissionRequestOutcome.NotFound(id));
        }

        var view = instance.SerializedCustomStatus is { } status ? JsonNode.Parse(status)!.AsObject() : new JsonObject { ["id"] = id, ["phase"] = "Treatment", ["visits"] = new JsonArray() };
        var answer = new JsonObject { ["id"] = id, ["runtimeStatus"] = instance.RuntimeStatus.ToString() };
        foreach (var (key, value) in view.ToList())
        {
            if (key is not "id")
            {
                view.Remove(key);
                answer[key] = value;
            }
        }

        return TypedResults.Ok(answer);
    }

    internal static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string id, AdmissionChange change, HttpRequest request, AdmissionRequests requests, CancellationToken ct)
    {
        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is not null && !IdempotencyKeys.IsWellFormed(key))
        {
            change.Problems["Idempotency-Key"] = ["The Idempotency-Key header must be 1–100 printable ASCII characters without spaces, e.g. a UUID."];
        }

        var outcome = await requests.ChangeAsync(id, change, key, ct);
        if (!outcome.IsAccepted)
        {
            return outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors) : Problem(outcome);
        }

        return TypedResults.Accepted(AdmissionLinks.For(request, id).AdmissionUri);
    }

    private static ProblemHttpResult Problem(AdmissionRequestOutcome outcome) =>
        TypedResults.Problem(outcome.Detail, statusCode: outcome.Status, title: outcome.Title);
}
