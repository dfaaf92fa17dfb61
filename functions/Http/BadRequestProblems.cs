using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// Turns the requests the framework rejects before a handler runs into problems that say what to
/// fix: malformed JSON or a wrong JSON type (400, naming the field in <c>errors</c> as the
/// validators do), a body that is not JSON (415), a body too large (413). Nothing has been
/// started or changed: the handler never ran. Other exceptions are left to the 500 answer.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems, ILogger<BadRequestProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException rejected)
        {
            return false;
        }

        var problem = Describe(rejected, httpContext.Request);
        logger.RequestRejected(problem.Status ?? rejected.StatusCode, problem.Title ?? "");
        httpContext.Response.StatusCode = problem.Status ?? rejected.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = rejected });
    }

    internal static ProblemDetails Describe(BadHttpRequestException rejected, HttpRequest request)
    {
        switch (rejected)
        {
            case { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", ProblemResponses.UnsupportedContentType(request));
            case { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return Problem(StatusCodes.Status413PayloadTooLarge, "Content Too Large", null);
            case { InnerException: JsonException json }:
                return MalformedJson(json);
            default:
                // The framework's own messages name the parameter, never a key or the body.
                return Problem(rejected.StatusCode, "Bad request", rejected.Message);
        }
    }

    /// <summary>
    /// The 400 for a body System.Text.Json could not read: not well-formed, or a value of the wrong
    /// type, naming the field. Also what the Service Bus command queue dead-letters such a body with.
    /// </summary>
    internal static HttpValidationProblemDetails MalformedJson(JsonException json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var field = FieldOf(json.Path);
        var what = json.InnerException is JsonException
            ? $"The body is not well-formed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
            : $"The value has the wrong JSON type: {ExpectedType(json.Message)}.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [what] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = $"{what} At: {json.Path ?? "$"}.",
        };
    }

    private static ProblemDetails Problem(int status, string title, string? detail) =>
        new() { Status = status, Title = title, Detail = detail };

    /// <summary>"$.treatment.timesPerDay" → "treatment.timesPerDay", the validators' way of naming a field.</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>
    /// What the field expects, read from System.Text.Json's message ("could not be converted to
    /// System.Int32"); that message names .NET types, which mean nothing to a caller.
    /// </summary>
    private static string ExpectedType(string message)
    {
        var target = message.Split(" converted to ", 2) is [_, var rest] ? rest.Split(". Path:", 2)[0] : "";
        return target switch
        {
            _ when target.Contains("Int32", StringComparison.Ordinal) || target.Contains("Int64", StringComparison.Ordinal)
                => "expected a whole number",
            _ when target.Contains("Decimal", StringComparison.Ordinal) || target.Contains("Double", StringComparison.Ordinal)
                => "expected a number",
            _ when target.Contains("Boolean", StringComparison.Ordinal) => "expected true or false",
            "System.String" => "expected a string",
            _ when target.Contains("List", StringComparison.Ordinal) || target.EndsWith("[]", StringComparison.Ordinal)
                => "expected an array",
            { Length: > 0 } => "expected an object",
            _ => "see the API reference for the field's type",
        };
    }
}
