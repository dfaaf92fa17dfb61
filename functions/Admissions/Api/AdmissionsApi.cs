using Microsoft.DurableTask.Client;
using System.Globalization;
using System.Text.Json.Nodes;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>The admission routes of api.md, for integrators (and admins).</summary>
internal static class AdmissionsApi
{
    /// <summary>One change request: the admission, the route's name and its body, and what handling it needs.</summary>
    private sealed record ChangeContext(string AdmissionId, string Route, object? Body, HttpRequest Request, DurableTaskClient Client, IdempotencyKeys Keys);

    /// <summary>How far in the past a first dose may be, by the product's clock.</summary>
    public static readonly TimeSpan FirstDoseGrace = TimeSpan.FromMinutes(15);

    /// <summary>The longest reason a pause, resume or discharge may carry (it goes into the letter and the history).</summary>
    public const int MaxReasonLength = 500;

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
        DescribeChange(group.MapPost("/{id}/plan", (string id, PlanChangeRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, CancellationToken ct) =>
                SignalAsync(new(id, "plan", body, request, client, keys), ValidatePlanChange(body), signalId => ToSignal(signalId, body!), ct)),
            "ChangeAdmissionPlan", "Change the treatment plan", "Changes timesPerDay, dose, drug and/or endDate from the next visit on.");
        DescribeChange(group.MapPost("/{id}/pause", (string id, ReasonRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, CancellationToken ct) =>
                SignalAsync(new(id, "pause", body, request, client, keys), ValidateReason(body), signalId => new PauseAdmission(signalId, body?.Reason), ct)),
            "PauseAdmission", "Pause an admission", "The patient is readmitted to a ward: no visits until resumed. The body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/resume", (string id, ReasonRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, CancellationToken ct) =>
                SignalAsync(new(id, "resume", body, request, client, keys), ValidateReason(body), signalId => new ResumeAdmission(signalId, body?.Reason), ct)),
            "ResumeAdmission", "Resume a paused admission", "Visits restart from the next slot. The body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/discharge", (string id, ReasonRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, CancellationToken ct) =>
                SignalAsync(new(id, "discharge", body, request, client, keys), ValidateReason(body), signalId => new DischargeNow(signalId, body?.Reason), ct)),
            "DischargeAdmission", "Discharge now", "Ends the admission before its planned end and sends the discharge letter; the body and its reason (at most 500 characters) are optional.");
        DescribeChange(group.MapPost("/{id}/medication-delivered", (string id, DeliveryRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, CancellationToken ct) =>
                SignalAsync(new(id, "medication-delivered", body, request, client, keys), ValidateDelivery(body), signalId => new MedicationDelivered(signalId, Instant(body?.DeliveredAt), body?.Days), ct)),
            "RecordMedicationDelivered", "Record a medicine delivery", "When the reordered medicine arrived (default: now) and, if known, how many days it covers.");
        DescribeChange(group.MapPost("/{id}/rounds", (string id, RoundRequest? body, HttpRequest request, DurableTaskClient client, IdempotencyKeys keys, TimeProvider clock, CancellationToken ct) =>
                SignalAsync(new(id, "rounds", body, request, client, keys), ValidateRound(body), signalId => new RoundRecorded(signalId, Instant(body?.At), body?.Note), ct, view => RoundLimit.Check(view, Instant(body?.At) ?? clock.GetUtcNow()))),
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

    private static async Task<Results<Accepted<AdmissionLinks>, ValidationProblem, ProblemHttpResult>> StartAsync(
        AdmissionRequest? body, HttpRequest request, AdmissionStarter starter, TimeProvider clock, CancellationToken ct)
    {
        var validation = AdmissionValidator.Validate(body, clock.GetUtcNow(), FirstDoseGrace);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors.ToDictionary(pair => pair.Key, pair => pair.Value));
        }

        var plan = validation.Plan;
        var outcome = await starter.StartAsync(plan, ct);
        if (outcome == AdmissionStarter.Outcome.Conflict)
        {
            return TypedResults.Problem($"Admission '{plan.AdmissionId}' already exists with another plan. Use another admission id, or change the running admission with its change routes.", statusCode: StatusCodes.Status409Conflict, title: "Admission already exists");
        }

        var links = AdmissionLinks.For(request, plan.AdmissionId);
        return TypedResults.Accepted(links.AdmissionUri, links);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var instance = await FindAsync(client, id, ct);
        if (instance is null)
        {
            return NotFound(id);
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

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SignalAsync(
        ChangeContext change, Dictionary<string, string[]> problems, Func<string, AdmissionSignal> signal, CancellationToken ct, Func<JsonObject?, ProblemHttpResult?>? check = null)
    {
        var key = change.Request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is not null && !IdempotencyKeys.IsWellFormed(key))
        {
            problems["Idempotency-Key"] = ["The Idempotency-Key header must be 1–100 printable ASCII characters without spaces, e.g. a UUID."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var id = change.AdmissionId;
        var instance = await FindAsync(change.Client, id, ct);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (instance.IsCompleted)
        {
            return TypedResults.Problem($"Admission '{id}' is {instance.RuntimeStatus}: it can no longer be changed.", statusCode: StatusCodes.Status409Conflict, title: "Admission has ended");
        }

        if (check?.Invoke(instance.SerializedCustomStatus is { } status ? JsonNode.Parse(status)?.AsObject() : null) is { } refused)
        {
            return refused;
        }

        // An Idempotency-Key lets a caller retry a change without applying it twice; the signal id
        // carries the change's fingerprint, so that the workflow, too, drops only a true repeat.
        var signalId = Guid.NewGuid().ToString("N");
        if (key is not null)
        {
            var fingerprint = IdempotencyKeys.Fingerprint(change.Route, change.Body);
            var (claim, boundRoute) = await change.Keys.ClaimAsync(id, key, change.Route, fingerprint, ct);
            if (claim == IdempotencyClaim.Mismatch)
            {
                return TypedResults.Problem(
                    $"Idempotency-Key '{key}' was used for another change of admission '{id}'{(boundRoute is null ? "" : $" ({boundRoute})")} within the last 24 hours. "
                    + "A key names one change: send a new key for a new change, or the same route and body to retry.",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused for another change");
            }

            signalId = $"{key}#{fingerprint[..16]}";
        }

        await change.Client.RaiseEventAsync(id, AdmissionSignal.EventName, EventPayload.Of(signal(signalId)), ct);
        return TypedResults.Accepted(AdmissionLinks.For(change.Request, id).AdmissionUri);
    }

    private static Dictionary<string, string[]> ValidateReason(ReasonRequest? body)
    {
        var problems = new Dictionary<string, string[]>();
        if (body?.Reason is { Length: > MaxReasonLength })
        {
            problems["reason"] = [$"reason must be at most {MaxReasonLength} characters."];
        }

        return problems;
    }

    private static async Task<OrchestrationMetadata?> FindAsync(DurableTaskClient client, string id, CancellationToken ct)
    {
        // An id no admission can have is not looked up: it might not even be a valid storage key.
        if (!AdmissionValidator.IsWellFormedId(id))
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(id, cancellation: ct);
        return instance?.Name == AdmissionOrchestrator.Name ? instance : null;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no admission '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Admission not found");

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
