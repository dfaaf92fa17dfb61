using System.Text.Json;
using System.Text.RegularExpressions;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>The routes functions-app's HTTP triggers answer, as the Functions host serves them (with host.json's route prefix).</summary>
internal static partial class HttpFunctionRoutes
{
    /// <summary>The Functions host's prefix when host.json sets no <c>extensions.http.routePrefix</c>.</summary>
    public const string DefaultRoutePrefix = "api";

    public static IReadOnlyList<HttpRoute> Of(FunctionsMetadata metadata, string? routePrefix = null)
    {
        var prefix = routePrefix ?? RoutePrefix();
        return metadata.Functions
            .SelectMany(function => function.Bindings.Where(binding => binding.Type == "httpTrigger"))
            .SelectMany(trigger => trigger.Methods.Select(method => new HttpRoute(method.ToUpperInvariant(), PathOf(prefix, trigger.Route ?? ""))))
            .Order()
            .ToList();
    }

    /// <summary>functions-app's host.json (copied to the build output with it), as the host reads it.</summary>
    public static string RoutePrefix()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
                ? prefix.GetString() ?? ""
                : DefaultRoutePrefix;
    }

    // A Functions route may constrain a parameter ({id:int}); OpenAPI writes only its name.
    private static string PathOf(string prefix, string route) =>
        "/" + string.Join('/', new[] { prefix.Trim('/'), Constraint().Replace(route, "}").Trim('/') }.Where(part => part.Length > 0));

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex Constraint();
}
