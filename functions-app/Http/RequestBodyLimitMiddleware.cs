using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// After the key check, as in the standalone host: a body over the function's <c>[RequestBodyLimit]</c>
/// is answered 413 before the function runs — at once when Content-Length says so, otherwise while
/// reading, so a chunked body cannot grow past the limit either (<see cref="RequestBodyLimits"/>,
/// the standalone host's check). Within the limit the function reads the body from memory.
/// </summary>
internal sealed class RequestBodyLimitMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var ran = false;
        await RequestBodyLimits.EnforceAsync(http, _ =>
        {
            ran = true;
            return next(context);
        });
        if (!ran && !http.Response.HasStarted)
        {
            await StatusProblem.WriteAsync(http);
        }
    }
}
