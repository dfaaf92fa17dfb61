using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Quality;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Quality;

/// <summary>
/// <c>GET /api/quality</c> (role admin), the standalone host's handler over one
/// <see cref="QualityReport"/> per worker process, so the figures are cached as there.
/// </summary>
internal sealed class QualityFunctions
{
    [Function("GetQuality")]
    [Authorize(Policy = AuthRegistration.AdminPolicy)]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/quality")] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var fresh = bool.TryParse(request.Query["fresh"].FirstOrDefault(), out var value) && value;
        var report = request.HttpContext.RequestServices.GetRequiredService<QualityReport>();
        return await QualityApi.GetAsync(report, client, fresh, request.HttpContext.RequestAborted);
    }
}
