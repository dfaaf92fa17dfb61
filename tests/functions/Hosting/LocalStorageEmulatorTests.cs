using System.Net;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Functions.Hosting;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Hosting;

public sealed class LocalStorageEmulatorTests
{
    [Fact]
    public async Task HostStartsAzuriteWhenNothingListensAndStopsItOnShutdown()
    {
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var app = new TestApplication(
            AzuriteEmulator.BuildConnectionString("127.0.0.1", blob, queue, table),
            new Dictionary<string, string?> { ["Azurite:InMemory"] = "true" });
        try
        {
            using var client = app.CreateClient();

            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.True(app.Services.GetRequiredService<LocalStorageEmulator>().StartedByThisHost);
            Assert.True(await FreePorts.IsListeningAsync("127.0.0.1", table, TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.False(await FreePorts.IsListeningAsync("127.0.0.1", table, TimeSpan.FromSeconds(1)));
        Assert.False(await FreePorts.IsListeningAsync("127.0.0.1", blob, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task HostUsesTheAzuriteAlreadyListeningInsteadOfStartingAnother()
    {
        var running = await TestAzurite.GetAsync();
        using var app = new TestApplication(running.ConnectionString);
        using var client = app.CreateClient();

        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var emulator = app.Services.GetRequiredService<LocalStorageEmulator>();
        Assert.False(emulator.StartedByThisHost);
        Assert.Contains("already running", emulator.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostDoesNotStartAzuriteForRemoteStorage()
    {
        using var app = new TestApplication(
            "DefaultEndpointsProtocol=https;AccountName=hahnowhere;AccountKey=a2V5;EndpointSuffix=invalid",
            new Dictionary<string, string?> { ["Azurite:InMemory"] = "true" });
        using var client = app.CreateClient();

        await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.False(app.Services.GetRequiredService<LocalStorageEmulator>().StartedByThisHost);
    }
}
