using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HaH.Orchestration.Functions.Tests.Admissions.Api;

namespace HaH.Orchestration.Functions.Tests.Management;

/// <summary>
/// The management routes are a contract with Durable Functions' own clients: Microsoft's
/// Durable Functions JavaScript client (npm <c>durable-functions</c>, installed with the repository's
/// npm packages) reads, signals, suspends, resumes, terminates and purges an admission through
/// them, with the key as <c>code=</c> in its management URLs as the Functions host gives them.
/// </summary>
public sealed class DurableFunctionsClientTests
{
    [Fact]
    public async Task MicrosoftsDurableFunctionsJavaScriptClientManagesAnAdmissionThroughTheRoutes()
    {
        using var app = await Dashboard.DashboardPagesTests.StartAsync();
        var baseUrl = app.ServeOnKestrel();
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Add("x-api-key", TestApplication.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("DFJS-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/dev/clock/advance", new { by = "PT0S" })).StatusCode);

        var (exitCode, output, errors) = await RunNodeAsync(baseUrl, app.TaskHub, TestApplication.AdminKey, "DFJS-1");

        Assert.True(exitCode == 0, $"node exited {exitCode}: {errors}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Running", result.GetProperty("status").GetProperty("runtimeStatus").GetString());
        Assert.Equal("AdmissionOrchestrator", result.GetProperty("status").GetProperty("name").GetString());
        Assert.Equal("Treatment", result.GetProperty("status").GetProperty("phase").GetString());
        Assert.Contains("DFJS-1", result.GetProperty("running").EnumerateArray().Select(id => id.GetString()));
        Assert.Equal(("Suspended", "Terminated", 1), (result.GetProperty("suspended").GetString(), result.GetProperty("terminated").GetString(), result.GetProperty("purged").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(new Uri("/runtime/webhooks/durabletask/instances/DFJS-1", UriKind.Relative))).StatusCode);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tests", "functions", "Management", "DurableFunctionsClient", "drive-management-routes.cjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        return (node.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HaH.Orchestration.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}.");
    }
}
