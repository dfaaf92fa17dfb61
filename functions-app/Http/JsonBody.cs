using System.Text.Json;
using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// Reads a JSON body the way the standalone host's minimal APIs bind one, with its answers when that
/// fails: an empty body is null (the handlers decide whether that is allowed), a body that is not JSON
/// is 415, malformed JSON or a wrong JSON type is the 400 naming the field
/// (<see cref="BadRequestProblems.MalformedJson"/>). The body's size was checked before the function
/// ran (<see cref="RequestBodyLimitMiddleware"/>, the function's <c>[RequestBodyLimit]</c>).
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return (null, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(ProblemResponses.UnsupportedContentType(request), statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type"));
        }

        try
        {
            // Web defaults, as ASP.NET Core's JSON binding (the standalone host configures no other).
            return (await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted), null);
        }
        catch (JsonException malformed)
        {
            return (null, TypedResults.Problem(BadRequestProblems.MalformedJson(malformed)));
        }
    }
}
