using System.Text.Json;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
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

    // Event Grid delivers batches of up to 1 MB.
    private const long EventGridMaxDeliveryBytes = 1024 * 1024;

    public static RouteGroupBuilder MapSmsWebhook(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sms").RequireAuthorization(AuthRegistration.SmsPolicy).WithTags("SMS");
        group.MapPost("/events", ReceiveAsync)
            .Accepts<JsonElement>("application/json", "application/cloudevents+json", "application/cloudevents-batch+json")
            .WithRequestBodyLimit(EventGridMaxDeliveryBytes)
            .WithSummary("Event Grid deliveries from Azure Communication Services: SMSReceived, SMSDeliveryReportReceived")
            .WithDescription("Event Grid schema (answers the subscription validation event) or CloudEvents schema. Repeated event ids are acknowledged and ignored.");
        group.MapMethods("/events", [HttpMethods.Options], Handshake)
            .WithSummary("The CloudEvents abuse-protection handshake (WebHook-Request-Origin)");
        return group;
    }

    /// <summary>
    /// Event Grid schema: answers the subscription validation event with its code. Both schemas: processes
    /// SMSReceived and SMSDeliveryReportReceived, acknowledges repeats and other types, refuses what is not
    /// a delivery (400, which Event Grid does not retry). A failure while processing answers 500, and Event
    /// Grid delivers again: what was processed is then a recognised repeat.
    /// </summary>
    private static async Task<Results<Ok<SubscriptionValidationAnswer>, Ok, ProblemHttpResult>> ReceiveAsync(
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
            logger.SmsWebhookRefused(error.Message);
            return TypedResults.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not an Event Grid delivery of SMS events");
        }

        if (events.OfType<SubscriptionValidationEvent>().FirstOrDefault() is { } validation)
        {
            logger.SmsWebhookValidated(validation.Id);
            return TypedResults.Ok(new SubscriptionValidationAnswer(validation.ValidationCode));
        }

        foreach (var smsEvent in events)
        {
            await processor.ProcessAsync(smsEvent, ct);
        }

        return TypedResults.Ok();
    }

    /// <summary>CloudEvents' abuse protection: Event Grid asks with <c>OPTIONS</c> whether it may deliver here.</summary>
    private static Results<Ok, ProblemHttpResult> Handshake(HttpRequest request, HttpResponse response)
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
