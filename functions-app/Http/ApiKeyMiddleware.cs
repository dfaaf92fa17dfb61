using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// Keys and roles for the HTTP functions, as the standalone host's route groups require them: a
/// function states its policy with ASP.NET Core's <see cref="AuthorizeAttribute"/> (on its method or class), and
/// <see cref="ApiKeyGate"/> checks it before the function runs. Fails closed: an HTTP function with
/// neither <see cref="AuthorizeAttribute"/> nor <see cref="AllowAnonymousAttribute"/> is refused, so a
/// forgotten attribute cannot open a route. Orchestration and activity triggers pass untouched.
/// Runs after <see cref="FunctionEndpointMiddleware"/>, whose endpoint carries the attributes.
/// </summary>
internal sealed class ApiKeyMiddleware : IFunctionsWorkerMiddleware
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

        var endpoint = http.GetEndpoint() ?? FunctionEndpoints.Of(context.FunctionDefinition.EntryPoint, context.FunctionDefinition.Name);
        var access = Access.Of(endpoint.Metadata);
        if (access.IsAnonymous || await ApiKeyGate.AllowsAsync(http, access.Policy ?? throw access.Missing(context.FunctionDefinition.Name)))
        {
            await next(context);
        }
    }

    /// <summary>What a function's attributes say about who may call it.</summary>
    internal sealed record Access(bool IsAnonymous, string? Policy)
    {
        public static Access Of(string entryPoint) => Of(FunctionEndpoints.MetadataOf(entryPoint));

        public static Access Of(IReadOnlyList<object> metadata)
        {
            ArgumentNullException.ThrowIfNull(metadata);
            return metadata.OfType<IAllowAnonymous>().Any()
                ? new Access(IsAnonymous: true, Policy: null)
                : new Access(IsAnonymous: false, Policy: metadata.OfType<IAuthorizeData>().LastOrDefault()?.Policy);
        }

        public InvalidOperationException Missing(string function) => new(
            $"HTTP function '{function}' names no policy: give its method [Authorize(Policy = ...)] with the standalone route's policy, or [AllowAnonymous].");
    }
}
