using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaH.Orchestration.Functions.Health;

/// <summary><c>/health</c> (the process is alive) and <c>/health/ready</c> (storage answers). No key needed.</summary>
/// <remarks>
/// Route handlers rather than <c>MapHealthChecks</c>, so that the OpenAPI document describes them
/// like every other route.
/// </remarks>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static TBuilder AddHealth<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        var group = app.MapGroup("/health").AllowAnonymous().WithTags("Health");
        group.MapGet("", LivenessAsync)
            .WithName("Liveness")
            .WithSummary("Is the process alive")
            .WithDescription("200 while the process runs; checks nothing else.");
        group.MapGet("/ready", ReadinessAsync)
            .WithName("Readiness")
            .WithSummary("Is the host ready")
            .WithDescription("200 once storage (tables, queues, blobs) answers; 503 until then. Says only whether storage is reachable: "
                + "which account it is and why it does not answer are in the host's log.")
            .Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The process answers: no check runs.</summary>
    internal static Task<Results<Ok<HealthAnswer>, JsonHttpResult<HealthAnswer>>> LivenessAsync(HealthCheckService health, CancellationToken ct) =>
        CheckAsync(health, _ => false, ct);

    /// <summary>Storage answers.</summary>
    internal static Task<Results<Ok<HealthAnswer>, JsonHttpResult<HealthAnswer>>> ReadinessAsync(HealthCheckService health, CancellationToken ct) =>
        CheckAsync(health, check => check.Tags.Contains(ReadyTag), ct);

    private static async Task<Results<Ok<HealthAnswer>, JsonHttpResult<HealthAnswer>>> CheckAsync(
        HealthCheckService health, Func<HealthCheckRegistration, bool> predicate, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(predicate, ct);
        var answer = new HealthAnswer(
            report.Status.ToString(),
            report.Entries.ToDictionary(entry => entry.Key, entry => new HealthCheckAnswer(entry.Value.Status.ToString(), entry.Value.Description)));
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(answer);
    }

    internal sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

    internal sealed record HealthCheckAnswer(string Status, string? Description);
}
