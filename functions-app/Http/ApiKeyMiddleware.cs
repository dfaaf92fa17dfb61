using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// Keys and roles for the HTTP functions, as the standalone host's route groups require them: a
/// function states its policy with ASP.NET Core's <see cref="AuthorizeAttribute"/> (on its method or class), and
/// <see cref="ApiKeyGate"/> checks it before the function runs. Fails closed: an HTTP function with
/// neither <see cref="AuthorizeAttribute"/> nor <see cref="AllowAnonymousAttribute"/> is refused, so a
/// forgotten attribute cannot open a route. Orchestration and activity triggers pass untouched.
/// </summary>
internal sealed class ApiKeyMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, Access> AccessByEntryPoint = new(StringComparer.Ordinal);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        var access = AccessByEntryPoint.GetOrAdd(context.FunctionDefinition.EntryPoint, Access.Of);
        if (access.IsAnonymous || await ApiKeyGate.AllowsAsync(http, access.Policy ?? throw access.Missing(context.FunctionDefinition.Name)))
        {
            await next(context);
        }
    }

    /// <summary>What a function's method says about who may call it.</summary>
    internal sealed record Access(bool IsAnonymous, string? Policy)
    {
        public static Access Of(string entryPoint)
        {
            var method = Method(entryPoint);
            if (Attribute<AllowAnonymousAttribute>(method) is not null)
            {
                return new Access(IsAnonymous: true, Policy: null);
            }

            return new Access(IsAnonymous: false, Policy: Attribute<AuthorizeAttribute>(method)?.Policy);
        }

        public InvalidOperationException Missing(string function) => new(
            $"HTTP function '{function}' names no policy: give its method [Authorize(Policy = ...)] with the standalone route's policy, or [AllowAnonymous].");

        // The method's own, else its class's (one policy for a class of routes, as a route group has).
        private static T? Attribute<T>(MethodInfo? method)
            where T : Attribute =>
            method?.GetCustomAttribute<T>() ?? method?.DeclaringType?.GetCustomAttribute<T>();

        // The entry point is "Namespace.Class.Method" of a function in this assembly.
        private static MethodInfo? Method(string entryPoint)
        {
            var split = entryPoint.LastIndexOf('.');
            return typeof(ApiKeyMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
        }
    }
}
