using System.Net;
using HaH.Orchestration.Durable.Emulator;

namespace HaH.Orchestration.Functions.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task HealthAnswersWithoutAKey()
    {
        using var app = await TestApplication.StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessIsOkWhenStorageAnswers()
    {
        using var app = await TestApplication.StartAsync();
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"storage\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessTurnsOkOnlyOnceStorageAnswers()
    {
        // An emulator address where nothing listens yet, and a host told not to start Azurite itself.
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        using var app = new TestApplication(
            AzuriteEmulator.BuildConnectionString("127.0.0.1", blob, queue, table),
            new Dictionary<string, string?> { ["Azurite:AutoStart"] = "false" });
        using var client = app.CreateClient();

        var before = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);

        await using var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { BlobPort = blob, QueuePort = queue, TablePort = table });
        var after = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ReadinessDoesNotNameTheStorageAccountToAnonymousCallers()
    {
        using var app = await TestApplication.StartAsync();
        using var client = app.CreateClient();
        var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        using var down = new TestApplication(
            AzuriteEmulator.BuildConnectionString("127.0.0.1", blob, queue, table),
            new Dictionary<string, string?> { ["Azurite:AutoStart"] = "false" });
        using var downClient = down.CreateClient();

        var ready = await (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).Content.ReadAsStringAsync();
        var notReady = await (await downClient.GetAsync(new Uri("/health/ready", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Contains("\"storage\":{\"status\":\"Healthy\",\"description\":\"reachable\"}", ready, StringComparison.Ordinal);
        Assert.Contains("\"storage\":{\"status\":\"Unhealthy\",\"description\":\"unreachable\"}", notReady, StringComparison.Ordinal);
        foreach (var disclosure in new[] { "127.0.0.1", "Azurite", "emulator", blob.ToString(System.Globalization.CultureInfo.InvariantCulture), "Exception" })
        {
            Assert.DoesNotContain(disclosure, ready, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(disclosure, notReady, StringComparison.OrdinalIgnoreCase);
        }
    }
}
