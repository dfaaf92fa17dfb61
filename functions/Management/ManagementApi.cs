using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Client;
using System.Security.Claims;
using System.Text.Json;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// Durable Functions' instance management routes and status codes (api.md "Management"), for
/// administrators: 202 while an instance runs and 200 once it has ended, 404 for an unknown id,
/// 410 for an action on an instance that has ended. Every action is recorded in the instance's
/// history with the name of the key that asked for it.
/// </summary>
internal static class ManagementApi
{
    public const string Prefix = "/runtime/webhooks/durabletask";
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static WebApplicationBuilder AddManagement(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContinuationTokens>();
        return builder;
    }

    public static RouteGroupBuilder MapManagement(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix + "/instances")
            .RequireAuthorization(AuthRegistration.AdminPolicy)
            .AddEndpointFilter(InstanceIdRules.FilterAsync)
            .WithTags("Management");
        group.MapGet("/", ListAsync).WithSummary("List instances, filtered, a page at a time");
        group.MapGet("/{id}", GetAsync).WithSummary("An instance's status, with its history across every generation on request");
        group.MapGet("/{id}/timers", TimersAsync).WithSummary("An instance's pending durable timers");
        group.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync)
            .WithRequestBodyLimit(RequestBodyLimits.JsonApi)
            .WithSummary($"Send an event to an instance (a JSON body of at most {RequestBodyLimits.JsonApi / 1024} KiB)");
        group.MapPost("/{id}/terminate", (string id, string? reason, ClaimsPrincipal user, DurableTaskClient client, CancellationToken ct) =>
            ActAsync(id, client, ct, instance => As(client, user).TerminateInstanceAsync(id, reason, ct))).WithSummary("Terminate a running instance");
        group.MapPost("/{id}/suspend", (string id, string? reason, ClaimsPrincipal user, DurableTaskClient client, CancellationToken ct) =>
            ActAsync(id, client, ct, instance => As(client, user).SuspendInstanceAsync(id, reason, ct))).WithSummary("Suspend a running instance");
        group.MapPost("/{id}/resume", (string id, string? reason, ClaimsPrincipal user, DurableTaskClient client, CancellationToken ct) =>
            ActAsync(id, client, ct, instance => As(client, user).ResumeInstanceAsync(id, reason, ct))).WithSummary("Resume a suspended instance");
        group.MapPost("/{id}/restart", RestartAsync).WithSummary("Start an instance again with its original input");
        group.MapDelete("/{id}", PurgeAsync).WithSummary("Delete an ended instance and all its history");
        group.MapDelete("/", PurgeManyAsync).WithSummary("Delete ended instances created in a time range");
        return group;
    }

    private static async Task<Results<Ok<InstanceStatus[]>, ValidationProblem>> ListAsync(
        HttpRequest request, HttpResponse response, DurableTaskClient client, ContinuationTokens tokens, CancellationToken ct)
    {
        var query = new ManagementQuery(request.Query);
        string? continuation = null;
        if (request.Headers[ContinuationHeader].FirstOrDefault() is { Length: > 0 } given && (continuation = tokens.Open(given)) is null)
        {
            query.Problems[ContinuationHeader] = [$"The {ContinuationHeader} header is not a token this list returned; start again without it."];
        }

        var filter = new OrchestrationQuery
        {
            Statuses = query.Statuses(),
            CreatedFrom = query.Instant("createdTimeFrom"),
            CreatedTo = query.Instant("createdTimeTo"),
            InstanceIdPrefix = query.Text("instanceIdPrefix"),
            PageSize = query.Number("top", 100, 1, 1000),
            FetchInputsAndOutputs = true,
            ContinuationToken = continuation,
        };
        var showInput = query.Flag("showInput", false);
        if (query.Problems.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Problems);
        }

        var page = await client.GetAllInstancesAsync(filter).GetPageAsync(filter, ct);
        if (page.ContinuationToken is { } next)
        {
            response.Headers[ContinuationHeader] = tokens.Seal(next);
        }

        return TypedResults.Ok(page.Values.Select(instance => InstanceStatus.From(instance, showInput)).ToArray());
    }

    private static async Task<Results<Ok<InstanceStatus>, Accepted<InstanceStatus>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var query = new ManagementQuery(request.Query);
        var (showHistory, showHistoryOutput, showInput) = (query.Flag("showHistory", false), query.Flag("showHistoryOutput", false), query.Flag("showInput", true));
        if (query.Problems.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Problems);
        }

        if (await client.GetInstanceAsync(id, getInputsAndOutputs: true, ct) is not { } instance)
        {
            return NotFound(id);
        }

        var status = InstanceStatus.From(instance, showInput);
        if (showHistory)
        {
            status = status with { HistoryEvents = HistoryEventView.From(await client.GetGenerationsAsync(id, ct), showHistoryOutput) };
        }

        return instance.IsCompleted ? TypedResults.Ok(status) : TypedResults.Accepted(StatusUri(request, id), status);
    }

    private static async Task<Results<Ok<DurableTimerInfo[]>, ProblemHttpResult>> TimersAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok((await client.GetPendingTimersAsync(id, ct)).ToArray());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string id, string eventName, HttpRequest request, ClaimsPrincipal user, DurableTaskClient client, CancellationToken ct)
    {
        // The event's payload is optional; the server's request size limit bounds what is read.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        JsonElement? payload = null;
        if (body.Length > 0)
        {
            if (!request.HasJsonContentType())
            {
                return TypedResults.Problem($"The event body must be JSON (application/json), not '{request.ContentType}'.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
            }

            try
            {
                using var document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
                payload = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                return TypedResults.Problem($"The event body is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON");
            }
        }

        return await ActAsync(id, client, ct, _ => As(client, user).RaiseEventAsync(id, eventName, payload, ct));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ActAsync(string id, DurableTaskClient client, CancellationToken ct, Func<OrchestrationMetadata, Task> act)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct) is not { } instance)
        {
            return NotFound(id);
        }

        if (instance.IsCompleted)
        {
            return TypedResults.Problem($"Instance '{id}' is {instance.RuntimeStatus}: it takes no more events or actions. Restart it to run it again.", statusCode: StatusCodes.Status410Gone, title: "Instance has ended");
        }

        await act(instance);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Accepted<AdmissionLinks>, ValidationProblem, ProblemHttpResult>> RestartAsync(
        string id, HttpRequest request, ClaimsPrincipal user, DurableTaskClient client, CancellationToken ct)
    {
        var query = new ManagementQuery(request.Query);
        var newId = query.Flag("restartWithNewInstanceId", false);
        if (query.Problems.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Problems);
        }

        if (await client.GetInstanceAsync(id, cancellation: ct) is null)
        {
            return NotFound(id);
        }

        try
        {
            var restarted = await As(client, user).RestartAsync(id, newId, ct);
            var links = AdmissionLinks.For(request, restarted);
            return TypedResults.Accepted(links.StatusQueryGetUri, links);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return TypedResults.Problem($"Instance '{id}' has not finished: terminate it first, or restart with restartWithNewInstanceId=true.", statusCode: StatusCodes.Status409Conflict, title: "Instance is still running");
        }
    }

    private static async Task<Results<Ok<InstancesPurged>, ProblemHttpResult>> PurgeAsync(string id, DurableTaskClient client, ILogger<ManagementAudit> audit, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            if ((await client.PurgeInstanceAsync(id, cancellation: ct)).PurgedInstanceCount == 0)
            {
                return NotFound(id);
            }
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem($"Instance '{id}' is still running: terminate it before purging its history.", statusCode: StatusCodes.Status409Conflict, title: "Instance is still running");
        }

        // The history that would record it is gone: the log is the record.
        audit.InstancePurged(id, Requester(user));
        return TypedResults.Ok(new InstancesPurged(1));
    }

    private static async Task<Results<Ok<InstancesPurged>, ValidationProblem, ProblemHttpResult>> PurgeManyAsync(
        HttpRequest request, DurableTaskClient client, ILogger<ManagementAudit> audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var query = new ManagementQuery(request.Query);
        var filter = new PurgeInstancesFilter(query.Instant("createdTimeFrom"), query.Instant("createdTimeTo"), query.Statuses());
        if (filter.CreatedFrom is null && !query.Problems.ContainsKey("createdTimeFrom"))
        {
            query.Problems["createdTimeFrom"] = ["createdTimeFrom is required: the earliest creation time of the instances to purge."];
        }

        if (query.Problems.Count > 0)
        {
            return TypedResults.ValidationProblem(query.Problems);
        }

        var purged = (await client.PurgeAllInstancesAsync(filter, cancellation: ct)).PurgedInstanceCount;
        audit.InstancesPurged(purged, filter.CreatedFrom, filter.CreatedTo, Requester(user));
        return purged == 0
            ? TypedResults.Problem("No ended instance matches the filter; nothing was purged.", statusCode: StatusCodes.Status404NotFound, title: "Nothing to purge")
            : TypedResults.Ok(new InstancesPurged(purged));
    }

    private static DurableTaskClient As(DurableTaskClient client, ClaimsPrincipal user) => client.ActingAs(Requester(user));

    private static string Requester(ClaimsPrincipal user) => $"key:{user.Identity?.Name ?? "unknown"}";

    private static string StatusUri(HttpRequest request, string id) => AdmissionLinks.For(request, id).StatusQueryGetUri;

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no orchestration instance '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Instance not found");
}

/// <summary>The answer to a purge, as Durable Functions answers it.</summary>
internal sealed record InstancesPurged(int InstancesDeleted);

/// <summary>The log category of administrators' purges.</summary>
internal sealed class ManagementAudit;
