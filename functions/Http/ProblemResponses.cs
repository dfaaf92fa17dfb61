namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// Every error answer as <c>application/problem+json</c> (RFC 9457): handlers' own problems,
/// requests the framework rejects before a handler runs (malformed JSON, wrong content type, a
/// body too large), the empty answers of routing and authorization (401, 403, 404, 405) and
/// unhandled failures (500, without exception details in any environment: the log has them,
/// the <c>traceId</c> finds them).
/// </summary>
internal static class ProblemResponses
{
    private const int MaxEchoedContentTypeLength = 100;

    public static TBuilder AddProblemResponses<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Explain);
        builder.Services.AddExceptionHandler<BadRequestProblems>();

        // Binding failures throw (instead of answering an empty 400 outside Development), so that
        // BadRequestProblems can name the field the JSON went wrong at, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>Early in the pipeline: before authentication, whose 401 and 403 are empty answers until here.</summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>What to send instead; routing answers 415 itself when the content type is not JSON.</summary>
    internal static string UnsupportedContentType(HttpRequest request) => UnsupportedContentType(request.ContentType);

    /// <summary>The 413's detail when the limit is known.</summary>
    internal static string BodyTooLarge(long limit) => $"The body may be at most {limit} bytes on this route.";

    /// <summary>The same for a message's content type (the Service Bus command queue).</summary>
    internal static string UnsupportedContentType(string? contentType)
    {
        var given = contentType is { Length: > 0 } type ? type[..Math.Min(type.Length, MaxEchoedContentTypeLength)] : "none";
        return $"Send the body as JSON with Content-Type: application/json (got {given}).";
    }

    /// <summary>A detail for the answers that arrive here without one. Never repeats a key or a body.</summary>
    private static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var http = context.HttpContext;
        if (problem.Status == StatusCodes.Status429TooManyRequests)
        {
            problem.Title ??= "Too Many Requests";
        }

        problem.Detail = problem.Status switch
        {
            StatusCodes.Status401Unauthorized when Auth.KeyInQuery.IsIgnored(http) =>
                "Send a valid API key in the x-api-key header. The code query parameter counts only on /api/sms/events and "
                + "/runtime/webhooks/durabletask/…, for callers that cannot set headers; here it is ignored.",
            StatusCodes.Status401Unauthorized when Auth.KeyInQuery.IsAccepted(http) =>
                "Send a valid API key in the x-api-key header or the code query parameter.",
            StatusCodes.Status401Unauthorized =>
                "Send a valid API key in the x-api-key header.",
            StatusCodes.Status403Forbidden =>
                "The API key is valid, but its role may not use this route.",
            StatusCodes.Status404NotFound when http.GetEndpoint() is null =>
                $"No route matches {http.Request.Method} {http.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{http.Request.Path} does not answer {http.Request.Method}; it answers {http.Response.Headers.Allow}.",
            StatusCodes.Status415UnsupportedMediaType => UnsupportedContentType(http.Request),
            StatusCodes.Status413PayloadTooLarge =>
                RequestBodyLimits.Of(http) is { } limit
                    ? BodyTooLarge(limit)
                    : "The body is larger than this route accepts.",
            StatusCodes.Status429TooManyRequests =>
                $"Too many failed keys or sign-ins from this address. Try again in {http.Response.Headers.RetryAfter} seconds (Retry-After).",
            StatusCodes.Status500InternalServerError =>
                "The failure has been logged; quote the traceId when reporting it.",
            _ => null,
        };
    }
}
