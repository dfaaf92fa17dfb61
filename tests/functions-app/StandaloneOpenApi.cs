using System.Text.Json;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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

    private sealed class StandaloneHost(string storageConnectionString) : WebApplicationFactory<Program>
    {
        private readonly string _contentRoot = Directory.CreateTempSubdirectory("hah-funcapp-test-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseContentRoot(_contentRoot);
            builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
            builder.UseSetting("Durable:TaskHub", TestTaskHub.NewName());
            builder.UseSetting("AllowedHosts", "localhost");
            builder.UseSetting("Sms:PseudonymKey", "functions-app-test-pseudonym-key-of-32-chars");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            // WebApplicationFactory may dispose twice.
            if (disposing && Directory.Exists(_contentRoot))
            {
                Directory.Delete(_contentRoot, recursive: true);
            }
        }
    }
}
