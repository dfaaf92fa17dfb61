using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The standalone host (functions/Program.cs) as in Production, on the test run's Azurite with a task
/// hub of its own and an empty content root (no developer's local.settings.json), with <see cref="TestKeys"/>.
/// </summary>
internal sealed class StandaloneHost(string storageConnectionString) : WebApplicationFactory<Program>
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("hah-funcapp-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(_contentRoot);
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        builder.UseSetting("Durable:TaskHub", Testing.TestTaskHub.NewName());
        builder.UseSetting("AllowedHosts", "localhost");
        builder.UseSetting("Sms:PseudonymKey", "functions-app-test-pseudonym-key-of-32-chars");
        foreach (var (key, value) in TestKeys.Settings)
        {
            builder.UseSetting(key, value);
        }
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
