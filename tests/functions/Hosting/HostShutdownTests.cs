using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Testing;
using Xunit.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>
/// The built host stopped the way a terminal stops it: Ctrl+C sends SIGINT to the whole
/// foreground process group, the host and everything it started alike. Each test starts the host
/// with its own Azurite (on free ports, data on disk); most wait until the worker holds every
/// partition, so that the way out has leases to release and a heartbeat to remove.
/// </summary>
public sealed partial class HostShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CtrlCInATerminalStopsTheHostQuietlyWithinSecondsAndAzuriteWithIt()
    {
        var folder = HostFolder.Create();
        await using var host = await StartAsync(folder, sigintIgnored: false);
        var azurite = RunningProcess.DescendantsOf(host.ProcessId);
        var before = host.Output.Length;

        var stopwatch = Stopwatch.StartNew();
        await host.SignalProcessGroupAsync("INT");
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        stopwatch.Stop();

        var wayOut = host.Output[before..];
        output.WriteLine($"Exited {stopwatch.Elapsed.TotalSeconds:0.00} s after SIGINT. The way out:\n{wayOut}");
        Assert.Equal(0, exitCode);
        AssertQuiet(wayOut);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"The host took {stopwatch.Elapsed.TotalSeconds:0.0} s to exit after SIGINT.");
        Assert.Equal(2, azurite.Count); // the guard and Azurite
        Assert.All(azurite, process => Assert.False(process.IsRunning, $"{process} still runs after the host exited."));
    }

    [Fact]
    public async Task CtrlCInATerminalKeepsWhatWasWrittenJustBeforeItAndTheHostsOwnLastWrites()
    {
        var folder = HostFolder.Create();
        await using (var host = await StartAsync(folder, sigintIgnored: false))
        {
            // Within Azurite's 5 s autosave interval: on disk only if its stop saves.
            var table = new TableClient(folder.ConnectionString, "written");
            await table.CreateAsync();
            await table.AddEntityAsync(new TableEntity("before", "ctrl-c"));

            await host.SignalProcessGroupAsync("INT");
            Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using var restarted = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = folder.AzuriteData });
        var written = await new TableClient(restarted.ConnectionString, "written").GetEntityIfExistsAsync<TableEntity>("before", "ctrl-c");
        Assert.True(written.HasValue, "The entity written just before Ctrl+C is gone after a restart.");

        // The host's last writes, made while it stopped: its heartbeat removed, its leases released.
        var leases = new BlobContainerClient(restarted.ConnectionString, $"{folder.TaskHub}-leases");
        var blobs = new List<BlobItem>();
        await foreach (var blob in leases.GetBlobsAsync())
        {
            blobs.Add(blob);
        }

        Assert.DoesNotContain(blobs, blob => blob.Name.StartsWith("workers/", StringComparison.Ordinal));
        var partitions = blobs.Where(blob => !blob.Name.StartsWith("workers/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(partitions);
        Assert.All(partitions, blob => Assert.Equal(LeaseState.Available, blob.Properties.LeaseState));
    }

    [Fact]
    public async Task CtrlCToAHostThatIgnoresItLeavesHostAndAzuriteServing()
    {
        // A script with job control off starts its background jobs with SIGINT ignored.
        var folder = HostFolder.Create();
        await using var host = await StartAsync(folder, sigintIgnored: true);
        var azurite = RunningProcess.DescendantsOf(host.ProcessId);
        var before = host.Output.Length;

        await host.SignalProcessGroupAsync("INT");
        using var http = new HttpClient { BaseAddress = new Uri(folder.Url) };
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        await host.SignalAsync("TERM");
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var wayOut = host.Output[before..];
        output.WriteLine(wayOut);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(0, exitCode);
        AssertQuiet(wayOut);
        Assert.Equal(2, azurite.Count); // the guard and Azurite
        Assert.All(azurite, process => Assert.False(process.IsRunning, $"{process} still runs after the host exited."));
    }

    [Fact]
    public async Task CtrlCWhileTheHostStartsStopsItWithoutACrash()
    {
        var folder = HostFolder.Create();
        await using var host = HostProcess.StartAsProcessGroupLeader(folder.Path, ["--urls", folder.Url]);
        // The guard is up: the host is starting Azurite, which takes a second or more to listen.
        var guard = await FirstChildAsync(host);
        Assert.False(RunningProcess.Of(host.ProcessId).IgnoresSigint);

        await host.SignalProcessGroupAsync("INT");
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // The framework still logs the cancelled start ("Hosting failed to start"); a crash is
        // what must not happen.
        output.WriteLine(host.Output);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
        Assert.False(guard.IsRunning, $"Azurite's guard ({guard}) still runs after the host exited.");
    }

    /// <summary>Starts the host and waits until its worker holds all four partitions.</summary>
    private static async Task<HostProcess> StartAsync(HostFolder folder, bool sigintIgnored)
    {
        var host = HostProcess.StartAsProcessGroupLeader(folder.Path, ["--urls", folder.Url], sigintIgnored);
        try
        {
            await host.WaitUntilRunningAsync(StartTimeout);
            await host.WaitForOutputAsync(
                text => Enumerable.Range(0, 4).All(partition => text.Contains($"Partition {partition} recovered", StringComparison.Ordinal)),
                StartTimeout);

            // What the test means to reproduce, checked: otherwise a pass proves nothing.
            var process = RunningProcess.Of(host.ProcessId);
            Assert.Equal(host.ProcessId, process.ProcessGroup);
            Assert.Equal(sigintIgnored, process.IgnoresSigint);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static async Task<RunningProcess> FirstChildAsync(HostProcess host)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (RunningProcess.DescendantsOf(host.ProcessId) is [var first, ..])
            {
                return first;
            }

            Assert.True(host.ExitCode is null && waited.Elapsed < StartTimeout, $"The host started no process. Its output:\n{host.Output}");
            await Task.Delay(20);
        }
    }

    private static void AssertQuiet(string wayOut)
    {
        Assert.DoesNotMatch(LogProblem(), wayOut);
        Assert.DoesNotContain("   at ", wayOut, StringComparison.Ordinal);
    }

    [GeneratedRegex("^(warn|fail|crit):", RegexOptions.Multiline)]
    private static partial Regex LogProblem();

    /// <summary>A working folder whose local.settings.json points the host at its own Azurite, data on disk.</summary>
    private sealed record HostFolder(string Path, string Url, string ConnectionString, string TaskHub, string AzuriteData)
    {
        public static HostFolder Create()
        {
            var path = Directory.CreateTempSubdirectory("hah-shutdown-").FullName;
            var folder = new HostFolder(
                path,
                $"http://127.0.0.1:{FreePorts.Next()}",
                AzuriteEmulator.BuildConnectionString("127.0.0.1", FreePorts.Next(), FreePorts.Next(), FreePorts.Next()),
                TestTaskHub.NewName(),
                System.IO.Path.Combine(path, "azurite"));
            File.WriteAllText(System.IO.Path.Combine(path, "local.settings.json"), $$"""
                { "IsEncrypted": false,
                  "Values": {
                    "AzureWebJobsStorage": "{{folder.ConnectionString}}",
                    "Durable__TaskHub": "{{folder.TaskHub}}",
                    "Azurite__Location": "{{folder.AzuriteData}}" } }
                """);
            return folder;
        }
    }
}
