using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// An HTTP function as an ASP.NET Core <see cref="Endpoint"/>: its class's and method's attributes as
/// the endpoint's metadata, as the standalone host's route conventions attach them
/// (<c>[Authorize]</c>, <c>[AllowAnonymous]</c>, <c>[KeyInQuery]</c>, <c>[RequestBodyLimit]</c>). The Functions
/// host routes without ASP.NET Core's endpoint routing, so without this the shared code that reads a
/// route's metadata (which keys count, the body limit, the problem texts) would find none.
/// </summary>
internal static class FunctionEndpoints
{
    private static readonly ConcurrentDictionary<string, Endpoint> ByEntryPoint = new(StringComparer.Ordinal);

    /// <summary>The endpoint of the function whose entry point is "Namespace.Class.Method" in this assembly.</summary>
    public static Endpoint Of(string entryPoint, string functionName) =>
        ByEntryPoint.GetOrAdd(entryPoint, _ => new Endpoint(requestDelegate: null, new EndpointMetadataCollection(MetadataOf(entryPoint)), functionName));

    /// <summary>The class's attributes first, then the method's: the method's win where both state one (metadata's last wins).</summary>
    public static IReadOnlyList<object> MetadataOf(string entryPoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(entryPoint);
        var split = entryPoint.LastIndexOf('.');
        var method = split > 0 ? typeof(FunctionEndpoints).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]) : null;
        if (method is null)
        {
            return [];
        }

        return [.. method.DeclaringType!.GetCustomAttributes(inherit: true), .. method.GetCustomAttributes(inherit: true)];
    }
}
