using System.Globalization;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Webhook;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.FunctionsApp.Sms;

/// <summary>
/// The SMS webhook of the standalone host (functions/Sms/Webhook/SmsWebhookApi.cs): Event Grid's
/// deliveries from Azure Communication Services, its handshake, and the administrators' list of
/// rejected events. Anonymous to the Functions host — its function keys never decide here: the
/// webhook takes the app's <c>sms</c> key as <c>x-api-key</c> or, as Event Grid can only send it,
/// <c>code=</c> in the subscription's URL (<see cref="KeyInQuery"/>), checked by the app's middleware.
/// </summary>
internal sealed class SmsWebhookFunctions
{
    private const string Events = "api/sms/events";

    [Function("ReceiveSmsEvents")]
    [Authorize(Policy = AuthRegistration.SmsPolicy)]
    [KeyInQuery]
    [RequestBodyLimit(SmsWebhookApi.EventGridMaxDeliveryBytes)]
    public async Task<IResult> ReceiveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Events)] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        // The standalone host's processor is a singleton over its one client; here the client is per invocation.
        var services = request.HttpContext.RequestServices;
        var processor = ActivatorUtilities.CreateInstance<SmsEventProcessor>(services, ActivatorUtilities.CreateInstance<SmsInbound>(services, client));
        return await SmsWebhookApi.ReceiveAsync(request, processor, services.GetRequiredService<ILoggerFactory>(), request.HttpContext.RequestAborted);
    }

    [Function("SmsEventsHandshake")]
    [Authorize(Policy = AuthRegistration.SmsPolicy)]
    [KeyInQuery]
    public IResult Handshake([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = Events)] HttpRequest request) =>
        SmsWebhookApi.Handshake(request, request.HttpContext.Response);

    [Function("ListRejectedSmsEvents")]
    [Authorize(Policy = AuthRegistration.AdminPolicy)]
    public async Task<IResult> ListRejectedAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sms/rejected")] HttpRequest request)
    {
        // top= as the standalone route binds it: absent is the default; not a number is out of range too.
        var top = request.Query["top"].FirstOrDefault() is { } given
            ? int.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0
            : SmsWebhookApi.DefaultRejectedListed;
        var rejections = request.HttpContext.RequestServices.GetRequiredService<RejectedSmsEvents>();
        return await SmsWebhookApi.ListRejectedAsync(rejections, request.HttpContext.RequestAborted, top);
    }
}
