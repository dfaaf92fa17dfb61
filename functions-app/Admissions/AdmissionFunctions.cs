using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.FunctionsApp.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Admissions;

/// <summary>
/// The admission routes of the standalone host (functions/Admissions/Api/AdmissionsApi.cs), each a
/// function named after the route's OpenAPI operation and calling the same handler with the client
/// Durable Functions binds. host.json sets no route prefix, so a route is the standalone host's path.
/// Anonymous to the Functions host: the app's keys and the integrator policy are checked by
/// <see cref="ApiKeyMiddleware"/>, and the body limit by <see cref="RequestBodyLimitMiddleware"/>, as the
/// standalone host's route group requires them.
/// </summary>
[Authorize(Policy = AuthRegistration.IntegratorPolicy)]
[RequestBodyLimit(RequestBodyLimits.JsonApi)]
internal sealed class AdmissionFunctions
{
    private const string Admissions = "api/admissions";

    [Function("StartAdmission")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions)] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        var (body, refusal) = await JsonBody.ReadAsync<AdmissionRequest>(request);
        return refusal ?? await AdmissionsApi.StartAsync(body, request, Requests(request, client), request.HttpContext.RequestAborted);
    }

    [Function("GetAdmission")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Admissions + "/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        await AdmissionsApi.GetAsync(id, client, request.HttpContext.RequestAborted);

    [Function("ChangeAdmissionPlan")]
    public Task<IResult> PlanAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/plan")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<PlanChangeRequest>(request, id, client, AdmissionChanges.Plan);

    [Function("PauseAdmission")]
    public Task<IResult> PauseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/pause")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<ReasonRequest>(request, id, client, AdmissionChanges.Pause);

    [Function("ResumeAdmission")]
    public Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/resume")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<ReasonRequest>(request, id, client, AdmissionChanges.Resume);

    [Function("DischargeAdmission")]
    public Task<IResult> DischargeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/discharge")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<ReasonRequest>(request, id, client, AdmissionChanges.Discharge);

    [Function("RecordMedicationDelivered")]
    public Task<IResult> MedicationDeliveredAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/medication-delivered")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<DeliveryRequest>(request, id, client, AdmissionChanges.MedicationDelivered);

    [Function("RecordRound")]
    public Task<IResult> RoundAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Admissions + "/{id}/rounds")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        ChangeAsync<RoundRequest>(request, id, client, AdmissionChanges.Round);

    private static async Task<IResult> ChangeAsync<TBody>(HttpRequest request, string id, DurableTaskClient client, Func<TBody?, AdmissionChange> change)
        where TBody : class
    {
        var (body, refusal) = await JsonBody.ReadAsync<TBody>(request);
        return refusal ?? await AdmissionsApi.ChangeAsync(id, change(body), request, Requests(request, client), request.HttpContext.RequestAborted);
    }

    // The standalone host's AdmissionRequests is a singleton over the one client in DI; here the client is per invocation.
    private static AdmissionRequests Requests(HttpRequest request, DurableTaskClient client)
    {
        var services = request.HttpContext.RequestServices;
        return ActivatorUtilities.CreateInstance<AdmissionRequests>(services, client, ActivatorUtilities.CreateInstance<AdmissionStarter>(services, client));
    }
}
