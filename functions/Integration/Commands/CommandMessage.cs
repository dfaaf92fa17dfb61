using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Shared;

namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>
/// A command as a Service Bus message carries it: its name in the application property
/// <c>command</c> (or the <c>Subject</c>), the admission in the property <c>admissionId</c> (for
/// <c>start</c>: the body's <c>admissionId</c>), and the HTTP route's body as JSON. <see cref="Read"/>
/// refuses what the HTTP routes would refuse before their handler runs (a body that is not JSON,
/// too large or malformed) with the same problems.
/// </summary>
/// <param name="Name">The command, one of <see cref="Names"/> as spelled there.</param>
/// <param name="AdmissionId">The admission it is about ("" when a start's body has none).</param>
/// <param name="Body">The body, bound to the route's type; null for an empty body.</param>
internal sealed record CommandMessage(string Name, string AdmissionId, object? Body)
{
    public const string CommandProperty = "command";
    public const string AdmissionIdProperty = "admissionId";
    public const string Start = "start";

    /// <summary>Every command: <c>start</c> and the change routes' names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Start, .. AdmissionChanges.BodyTypes.Keys];

    /// <summary>The command in <paramref name="message"/>, or why it cannot be one.</summary>
    public static (CommandMessage? Command, AdmissionRequestOutcome? Refusal) Read(ServiceBusReceivedMessage message, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(message);
        var given = Property(message, CommandProperty) ?? message.Subject;
        var name = Names.FirstOrDefault(known => string.Equals(known, given?.Trim(), StringComparison.OrdinalIgnoreCase));
        var admissionId = Property(message, AdmissionIdProperty) ?? "";
        if (name is null)
        {
            return (null, AdmissionRequestOutcome.Refused(admissionId, StatusCodes.Status400BadRequest, "UnknownCommand", "Unknown command",
                $"The message names {(given is null ? "no command" : $"the command '{FreeText.ForLog(given)}', which does not exist")}. "
                + $"Set the application property '{CommandProperty}' (or the Subject) to one of {string.Join(", ", Names)}."));
        }

        if (name != Start && admissionId.Length == 0)
        {
            return (null, AdmissionRequestOutcome.Refused("", StatusCodes.Status400BadRequest, "MissingAdmissionId", "No admission",
                $"A {name} command names its admission in the application property '{AdmissionIdProperty}'."));
        }

        if (message.ContentType is { Length: > 0 } contentType && !IsJson(contentType))
        {
            return (null, AdmissionRequestOutcome.Refused(admissionId, StatusCodes.Status415UnsupportedMediaType, "UnsupportedContentType", "Unsupported Media Type",
                ProblemResponses.UnsupportedContentType(contentType)));
        }

        var body = message.Body.ToMemory();
        if (body.Length > RequestBodyLimits.JsonApi)
        {
            return (null, AdmissionRequestOutcome.Refused(admissionId, StatusCodes.Status413PayloadTooLarge, "BodyTooLarge", "Content Too Large",
                ProblemResponses.BodyTooLarge(RequestBodyLimits.JsonApi)));
        }

        var type = name == Start ? typeof(AdmissionRequest) : AdmissionChanges.BodyTypes[name];
        try
        {
            // As the routes bind a body: an empty one is null (the validators say what is missing).
            var bound = body.IsEmpty ? null : JsonSerializer.Deserialize(body.Span, type, json);
            return (new CommandMessage(name, admissionId, bound), null);
        }
        catch (JsonException malformed)
        {
            var problem = BadRequestProblems.MalformedJson(malformed);
            return (null, new AdmissionRequestOutcome(admissionId, StatusCodes.Status400BadRequest, "MalformedJson", problem.Title, problem.Detail, problem.Errors));
        }
    }

    private static string? Property(ServiceBusReceivedMessage message, string name) =>
        message.ApplicationProperties.TryGetValue(name, out var value) && value is string { Length: > 0 } text ? text.Trim() : null;

    // What minimal APIs accept as JSON: application/json and any application/…+json.
    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}
