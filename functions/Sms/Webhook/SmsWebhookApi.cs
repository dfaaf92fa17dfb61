using System.Text.Json;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HaH.Orchestration.Functions.Sms.Webhook;

/// <summary>
/// <c>/api/sms/events</c>: Event Grid deliveries from Azure Communication Services (roles sms and
/// admin; the key as <c>x-api-key</c> or, as Event Grid can only do, <c>code=</c> in the subscription's URL).
/// </summary>
internal static class SmsWebhookApi
{
    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";
    public const string AllowedRateHeader = "WebHook-Allowed-Rate";

    /// <summary>Event Grid delivers batches of up to 1 MB.</summary>
    internal const long EventGridMaxDeliveryBytes = 1024 * 1024;

    /// <summary>The most rejected events one listing returns.</summary>
    public const int MaxRejectedListed = 500;

    /// <summary>How many rejected events a listing returns without <c>top=</c>.</summary>
    public const int DefaultRejectedListed = 50;

    /// <summary>
    /// The webhook (roles sms and admin) and, for administrators only, the list of the events it
    /// rejected (<c>GET /api/sms/rejected</c>, its own group with the admin policy).
    /// </summary>
    public static RouteGroupBuilder MapSmsWebhook(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sms").RequireAuthorization(AuthRegistration.SmsPolicy).WithTags("SMS");
        group.MapPost("/events", ReceiveAsync)
            .Accepts<JsonElement>("application/json", "application/cloudevents+json", "application/cloudevents-batch+json")
            .WithRequestBodyLimit(EventGridMaxDeliveryBytes)
            .WithSummary("Event Grid deliveries from Azure Communication Services: SMSReceived, SMSDeliveryReportReceived")
            .WithDescription("Event Grid schema (answers the subscription validation event) or CloudEvents schema. Repeated event ids are acknowledged "
                + "and ignored; an event that is not usable (bad sender, id or text) is recorded as rejected and acknowledged with the others.");
        group.MapMethods("/events", [HttpMethods.Options], Handshake)
            .WithSummary("The CloudEvents abuse-protection handshake (WebHook-Request-Origin)");

        app.MapGroup("/api/sms/rejected").RequireAuthorization(AuthRegistration.AdminPolicy).WithTags("SMS")
            .MapGet("", ListRejectedAsync)
            .WithName("ListRejectedSmsEvents")
            .WithSummary("The webhook events acknowledged without processing, newest first")
            .WithDescription($"Each with when, the event's id and type (cleaned, clipped), the reason code (malformed, invalidId, missingData, invalidSender, "
                + $"invalidText, invalidData), a detail and the SMS sender masked. top= 1–{MaxRejectedListed}, default {DefaultRejectedListed}.");
        return group;
    }

    /// <summary>
    /// Event Grid schema: answers the subscription validation event with its code. Both schemas: processes
    /// SMSReceived and SMSDeliveryReportReceived, records and acknowledges events that are not usable,
    /// acknowledges repeats and other types, refuses what is not a delivery at all (400, which Event Grid
    /// does not retry). So a delivery is answered 200 when every event was processed or recorded as
    /// rejected; a failure while processing (storage, the runtime) answers 500, and Event Grid delivers
    /// again: what was processed is then a recognised repeat.
    /// </summary>
    internal static async Task<Results<Ok<SubscriptionValidationAnswer>, Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, SmsEventProcessor processor, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(SmsWebhookApi).FullName!);
        IReadOnlyList<SmsEvent> events;
        try
        {
            events = SmsEventParser.Parse(await BinaryData.FromStreamAsync(request.Body, ct), request.ContentType);
        }
        catch (FormatException error)
        {
            logger.SmsWebhookRefused(FreeText.ForLog(error.Message));
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not an Event Grid delivery of SMS events");
        }

        if (events.OfType<SubscriptionValidationEvent>().FirstOrDefault() is { } validation)
        {
            logger.SmsWebhookValidated(FreeText.ForLog(validation.Id));
            return TypedResults.Ok(new SubscriptionValidationAnswer(validation.ValidationCode));
        }

        foreach (var smsEvent in events)
        {
            await processor.ProcessAsync(smsEvent, ct);
        }

        return TypedResults.Ok();
    }

    internal static async Task<Results<Ok<IReadOnlyList<RejectedSmsEventView>>, ValidationProblem>> ListRejectedAsync(RejectedSmsEvents rejections, CancellationToken ct, int top = DefaultRejectedListed)
    {
        if (top is < 1 or > MaxRejectedListed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["top"] = [$"top must be 1–{MaxRejectedListed}."] });
        }

        return TypedResults.Ok(await rejections.ListAsync(top, ct));
    }

    /// <summary>CloudEvents' abuse protection: Event Grid asks with <c>OPTIONS</c> whether it may deliver here.</summary>
    internal static Results<Ok, ProblemHttpResult> Handshake(HttpRequest request, HttpResponse response)
    {
        var origin = request.Headers[RequestOriginHeader].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return TypedResults.Problem(
                $"An OPTIONS request here is CloudEvents' webhook validation and must name the sender in {RequestOriginHeader}.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Not a webhook validation request");
        }

        response.Headers[AllowedOriginHeader] = origin;
        response.Headers[AllowedRateHeader] = "*";
        response.Headers.Allow = "POST, OPTIONS";
        return TypedResults.Ok();
    }

    /// <summary>The answer to Event Grid's subscription validation event.</summary>
    internal sealed record SubscriptionValidationAnswer(string ValidationResponse);
}
