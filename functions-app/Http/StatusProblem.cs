using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// What the standalone host's <c>UseStatusCodePages</c> does for an answer refused before its handler
/// (401, 403, 413, 429): the problem details service writes the problem the status calls for.
/// </summary>
internal static class StatusProblem
{
    public static async Task WriteAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = http.Response.StatusCode },
        });
    }
}
