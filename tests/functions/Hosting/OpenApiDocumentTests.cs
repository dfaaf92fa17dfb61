using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>The OpenAPI document describes every route the app maps; the reference page works offline.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task TheOpenApiDocumentIsValidJsonServedWithoutAKey()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = app.CreateClient();

        var answer = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("HaH.Orchestration", document.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointTheAppMaps()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = app.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var described = endpoints.Where(endpoint => endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }).ToList();
        var hidden = endpoints.Except(described).Select(endpoint => endpoint.RoutePattern.RawText!).ToList();

        Assert.NotEmpty(described);
        foreach (var endpoint in described)
        {
            var path = PathOf(endpoint);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.True(methods.Count > 0, $"{path} answers any method; map it with MapGet/MapPost/… so that it can be described.");
            foreach (var method in methods)
            {
                var operation = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var found) ? found : (JsonElement?)null;
                Assert.True(operation is not null,
                    $"{method} {path} is mapped but not in /openapi/v1.json. Map it as a route handler (not a bare RequestDelegate), or exclude it deliberately and list it here.");
                Assert.False(string.IsNullOrWhiteSpace(operation.Value.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{method} {path} has no summary (.WithSummary).");
                Assert.True(operation.Value.GetProperty("responses").EnumerateObject().Any(), $"{method} {path} documents no response.");
            }
        }

        // Only the documentation itself and the dashboard's HTML pages stay out: every route of the
        // HTTP API (/api, /runtime, /health) is described.
        Assert.All(hidden, pattern => Assert.DoesNotMatch(ApiRoute(), pattern));
        Assert.Contains(hidden, pattern => DocsRoute().IsMatch(pattern));
        Assert.Contains(described, endpoint => PathOf(endpoint) == "/api/admissions/{id}/plan");
        Assert.Contains(described, endpoint => PathOf(endpoint) == "/health/ready");
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheApiKeyAndRequiresItOnKeyedRoutesOnly()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = app.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var root = document.RootElement;

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        var header = schemes.GetProperty("apiKeyHeader");
        Assert.Equal(("apiKey", "header", "x-api-key"), (header.GetProperty("type").GetString(), header.GetProperty("in").GetString(), header.GetProperty("name").GetString()));
        var query = schemes.GetProperty("apiKeyQuery");
        Assert.Equal(("apiKey", "query", "code"), (query.GetProperty("type").GetString(), query.GetProperty("in").GetString(), query.GetProperty("name").GetString()));

        var start = root.GetProperty("paths").GetProperty("/api/admissions").GetProperty("post");
        var required = start.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name)).ToList();
        Assert.Equal(["apiKeyHeader"], required);
        foreach (var status in new[] { "202", "400", "401", "403", "409", "413", "415" })
        {
            Assert.True(start.GetProperty("responses").TryGetProperty(status, out _), $"POST /api/admissions does not document {status}.");
        }

        Assert.False(root.GetProperty("paths").GetProperty("/health").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task TheReferencePageAnswersInDevelopmentAndLoadsNothingFromAnotherHost()
    {
        using var app = await TestApplication.StartAsync();
        using var browser = app.CreateClient();

        var page = await browser.GetAsync(new Uri("/scalar/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        foreach (var script in ScriptSource().Matches(html).Select(match => match.Groups["src"].Value))
        {
            var answer = await browser.GetAsync(new Uri(new Uri(browser.BaseAddress!, "/scalar/"), script));
            Assert.True(HttpStatusCode.OK == answer.StatusCode, $"{script}: {(int)answer.StatusCode}");
        }
    }

    [Fact]
    public async Task TheReferencePageIsAbsentOutsideDevelopment()
    {
        using var host = await TestApplication.StartAsync();
        using var app = host.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var browser = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri("/scalar/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).StatusCode);
    }

    /// <summary>"/api/admissions/{id}/plan" from the route pattern, as the document names paths.</summary>
    private static string PathOf(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.Trim('/');

    [GeneratedRegex(@"^/?(openapi|scalar)/")]
    private static partial Regex DocsRoute();

    [GeneratedRegex(@"^/?(api|runtime|health)(/|$)")]
    private static partial Regex ApiRoute();

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSource();
}
