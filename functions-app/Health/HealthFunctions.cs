using HaH.Orchestration.Functions.Health;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaH.Orchestration.FunctionsApp.Health;

/// <summary>
/// <c>/health</c> and <c>/health/ready</c> without a key, the standalone host's checks: the worker
/// answers, and the app's storage answers. Whether the Functions host itself is healthy is Azure's to
/// watch (the platform restarts it); these say what the app can see.
/// </summary>
[AllowAnonymous]
internal sealed class HealthFunctions
{
    [Function("Liveness")]
    public async Task<IResult> LivenessAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        await HealthEndpoints.LivenessAsync(Checks(request), request.HttpContext.RequestAborted);

    [Function("Readiness")]
    public async Task<IResult> ReadinessAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request) =>
        await HealthEndpoints.ReadinessAsync(Checks(request), request.HttpContext.RequestAborted);

    private static HealthCheckService Checks(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<HealthCheckService>();
}
