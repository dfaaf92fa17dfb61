using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// First for every HTTP invocation: the request's endpoint becomes the function's
/// (<see cref="FunctionEndpoints"/>), which the middleware after it and the shared handlers read.
/// Orchestration and activity triggers pass untouched.
/// </summary>
internal sealed class FunctionEndpointMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            http.SetEndpoint(FunctionEndpoints.Of(context.FunctionDefinition.EntryPoint, context.FunctionDefinition.Name));
        }

        return next(context);
    }
}
