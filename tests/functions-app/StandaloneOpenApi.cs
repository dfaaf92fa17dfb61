using System.Text.Json;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The routes of the standalone host's OpenAPI document (<c>GET /openapi/v1.json</c>), as a Production
/// host serves it: the Development-only simulation routes are not part of a deployment.
/// </summary>
internal static class StandaloneOpenApi
{
    public static async Task<IReadOnlyList<HttpRoute>> RoutesAsync()
    {
        var azurite = await TestAzurite.GetAsync();
        using var host = new StandaloneHost(azurite.ConnectionString);
        using var client = host.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => HttpRoute.Methods.Contains(operation.Name))
                .Select(operation => new HttpRoute(operation.Name.ToUpperInvariant(), path.Name)))
            .Order()
            .ToList();
    }
}
