using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// First for every HTTP invocation, as <c>UseForwardedHeaders</c> is first in the standalone host: the
/// client's address and scheme from the trusted proxies' headers (<see cref="ForwardedClient"/>),
/// applied by ASP.NET Core's own <see cref="ForwardedHeadersMiddleware"/>.
/// </summary>
internal sealed class ForwardedClientMiddleware(IOptions<HttpOptions> http, ILoggerFactory loggers) : IFunctionsWorkerMiddleware
{
    private readonly ForwardedHeadersMiddleware _forwarded = new(
        _ => Task.CompletedTask, loggers, Microsoft.Extensions.Options.Options.Create(ForwardedClient.Options(http.Value)));

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } request)
        {
            _forwarded.ApplyForwarders(request);
        }

        return next(context);
    }
}
