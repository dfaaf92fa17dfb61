using HaH.Orchestration.Functions.Hosting;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace HaH.Orchestration.Functions.Tests;

/// <summary>
/// A host builder with storage (the test run's Azurite), the clock and a task hub of its own
/// registered as Program.cs registers them, for testing registration helpers without starting
/// a host.
/// </summary>
internal static class UnstartedHost
{
    public static async Task<WebApplicationBuilder> CreateBuilderAsync(string environment, string taskHub)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = Directory.CreateTempSubdirectory("hah-test-").FullName,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = (await TestAzurite.GetAsync()).ConnectionString,
            ["Durable:TaskHub"] = taskHub,
        });
        builder.AddStorage();
        builder.AddDurableRuntime(_ => { });
        return builder;
    }
}
