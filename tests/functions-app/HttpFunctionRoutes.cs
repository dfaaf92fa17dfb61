using System.Text.RegularExpressions;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>The routes functions-app's HTTP triggers answer, as the Functions host serves them (prefix <c>api</c>).</summary>
internal static partial class HttpFunctionRoutes
{
    /// <summary>host.json sets no <c>extensions.http.routePrefix</c>: the host's default.</summary>
    public const string RoutePrefix = "api";

    public static IReadOnlyList<HttpRoute> Of(FunctionsMetadata metadata) =>
        metadata.Functions
            .SelectMany(function => function.Bindings.Where(binding => binding.Type == "httpTrigger"))
            .SelectMany(trigger => trigger.Methods.Select(method => new HttpRoute(method.ToUpperInvariant(), PathOf(trigger.Route ?? ""))))
            .Order()
            .ToList();

    // A Functions route may constrain a parameter ({id:int}); OpenAPI writes only its name.
    private static string PathOf(string route) => "/" + RoutePrefix + "/" + Constraint().Replace(route, "}");

    [GeneratedRegex(":[^}]*}")]
    private static partial Regex Constraint();
}
