namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>Every route of the standalone host's OpenAPI document is an HTTP function with the same method and path.</summary>
public class HttpRouteDriftTests
{
    /// <summary>
    /// Routes functions-app does not serve yet (issue 16, part 2). Each one must still be in the
    /// standalone document and still lack a function, so the list only ever shrinks.
    /// </summary>
    /// <summary>
    /// Durable Functions' HTTP management API, which the Functions host serves itself under this
    /// prefix — the original of the contract the standalone host reproduces, the same routes, shapes and
    /// status codes, so Durable Functions' clients work against either hosting. There it takes the host's
    /// <c>durabletask_extension</c> system key as <c>code=</c>, not the app's admin key.
    /// </summary>
    public const string DurableManagementPrefix = "/runtime/webhooks/durabletask/";

    private static readonly HttpRoute[] ServedByTheFunctionsHost =
    [
        new("DELETE", DurableManagementPrefix + "instances"),
        new("GET", DurableManagementPrefix + "instances"),
        new("DELETE", DurableManagementPrefix + "instances/{id}"),
        new("GET", DurableManagementPrefix + "instances/{id}"),
        new("POST", DurableManagementPrefix + "instances/{id}/raiseEvent/{eventName}"),
        new("POST", DurableManagementPrefix + "instances/{id}/restart"),
        new("POST", DurableManagementPrefix + "instances/{id}/resume"),
        new("POST", DurableManagementPrefix + "instances/{id}/suspend"),
        new("POST", DurableManagementPrefix + "instances/{id}/terminate"),

        // The standalone host's addition to the contract (a durable/ read); no Durable Functions client calls it.
        new("GET", DurableManagementPrefix + "instances/{id}/timers"),
    ];

    private readonly IReadOnlyList<HttpRoute> _functions = HttpFunctionRoutes.Of(FunctionsMetadata.Load());

    [Fact]
    public async Task EveryRouteOfTheStandaloneHostIsAnHttpFunctionWithTheSameMethodAndPath()
    {
        var standalone = await StandaloneOpenApi.RoutesAsync();

        var missing = standalone.Except(_functions).Except(ServedByTheFunctionsHost).ToList();

        Assert.True(missing.Count == 0, "No HTTP function in functions-app for: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task EveryRouteLeftToTheFunctionsHostIsAStandaloneRouteUnderTheDurableManagementPrefix()
    {
        var standalone = await StandaloneOpenApi.RoutesAsync();

        var stale = ServedByTheFunctionsHost.Where(route => !standalone.Contains(route) || !route.Path.StartsWith(DurableManagementPrefix, StringComparison.Ordinal)).ToList();

        Assert.True(stale.Count == 0, "Not a standalone route under " + DurableManagementPrefix + ": " + string.Join(", ", stale));
    }

    [Fact]
    public void NoFunctionTakesAPathTheFunctionsHostKeepsForItself() =>
        Assert.DoesNotContain(_functions, route => route.Path.StartsWith("/runtime/", StringComparison.Ordinal) || route.Path.StartsWith("/admin/", StringComparison.Ordinal));

    [Fact]
    public void TheHealthRoutesAreAtTheRootAsInTheStandaloneHost()
    {
        // Needs host.json's empty route prefix: under the default one they would be /api/health.
        Assert.Contains(new HttpRoute("GET", "/health"), _functions);
        Assert.Contains(new HttpRoute("GET", "/health/ready"), _functions);
    }

    [Fact]
    public void TheAdmissionRoutesAreHttpFunctions()
    {
        // Guards the checks above against a metadata reader that finds no routes at all.
        Assert.Contains(new HttpRoute("POST", "/api/admissions"), _functions);
        Assert.Contains(new HttpRoute("GET", "/api/admissions/{id}"), _functions);
        Assert.Contains(new HttpRoute("POST", "/api/admissions/{id}/plan"), _functions);
    }

    [Fact]
    public void ARouteWithoutAFunctionIsNamed()
    {
        var functions = HttpFunctionRoutes.Of(FunctionsMetadata.Load().Without("ChangeAdmissionPlan"));

        Assert.DoesNotContain(new HttpRoute("POST", "/api/admissions/{id}/plan"), functions);
        Assert.Contains(new HttpRoute("POST", "/api/admissions/{id}/pause"), functions);
    }
}
