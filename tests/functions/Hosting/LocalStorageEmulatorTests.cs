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
        RunningProcess azurite;
        try
        {
            using var client = app.CreateClient();

            var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var emulator = app.Services.GetRequiredService<LocalStorageEmulator>();
            Assert.True(emulator.StartedByThisHost);
            Assert.True(await FreePorts.IsListeningAsync("127.0.0.1", table, TimeSpan.FromSeconds(1)));
            azurite = RunningProcess.Of(emulator.ProcessId!.Value);
        }
        finally
        {
            await app.DisposeAsync();
        }

        // Gone, rather than "its ports are free": other tests' servers may take a freed port at once.
        Assert.False(azurite.IsRunning, $"Azurite ({azurite}) still runs after the host stopped.");
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
