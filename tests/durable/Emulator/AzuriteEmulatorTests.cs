using Azure.Data.Tables;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Durable.Tests.Emulator;

public sealed class AzuriteEmulatorTests
{
    [Fact]
    public async Task StartAsync_FreePorts_ListensOnAllThreeAndStopsOnDispose()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions());
        var ports = new[] { emulator.BlobPort, emulator.QueuePort, emulator.TablePort };
        Assert.Equal(3, ports.Distinct().Count());
        foreach (var port in ports)
        {
            Assert.True(await FreePorts.IsListeningAsync(emulator.Host, port, TimeSpan.FromSeconds(2)));
        }

        await emulator.DisposeAsync();

        foreach (var port in ports)
        {
            Assert.False(await FreePorts.IsListeningAsync(emulator.Host, port, TimeSpan.FromSeconds(2)));
        }
    }

    [Fact]
    public async Task DisposeAsync_TwoCallersAtOnce_BothReturnOnlyOnceAzuriteIsGone()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions());
        var guard = emulator.ProcessId;

        var first = emulator.DisposeAsync().AsTask();
        await emulator.DisposeAsync();

        // The second returned: the process it was stopping is gone (ids are not reused this soon).
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(guard));
        await first;
    }

    [Fact]
    public async Task OwnerDeath_StdinClosedWithoutDispose_AzuriteStops()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions());
        try
        {
            // What the OS does when the owning process dies, even by SIGKILL.
            emulator.CloseGuardInputForTest();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (await FreePorts.IsListeningAsync(emulator.Host, emulator.TablePort, TimeSpan.FromSeconds(1))
                   && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.False(await FreePorts.IsListeningAsync(emulator.Host, emulator.TablePort, TimeSpan.FromSeconds(1)));
        }
        finally
        {
            await emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task DisposeAsync_ClientConnectionsOpen_AzuriteSavesAndStopsWithoutTheKillFallback()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions());
        // A running host holds keep-alive connections, some opened and never used: Azurite's
        // servers wait for such a connection to close, which the host does not do before it exits.
        await new TableClient(emulator.ConnectionString, "stop").CreateIfNotExistsAsync();
        using var unused = new System.Net.Sockets.TcpClient();
        await unused.ConnectAsync(emulator.Host, emulator.TablePort);

        await emulator.DisposeAsync();

        Assert.Equal(0, emulator.ExitCode);
    }

    [Fact]
    public async Task DisposeAsync_DataOnDisk_WhatWasJustWrittenIsThereAfterARestart()
    {
        var data = Directory.CreateTempSubdirectory("hah-azurite-").FullName;
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = data });
        var table = new TableClient(emulator.ConnectionString, "kept");
        await table.CreateAsync();
        // Within Azurite's 5 s autosave interval: on disk only if its stop saves.
        await table.AddEntityAsync(new TableEntity("just", "written"));

        await emulator.DisposeAsync();

        await using var restarted = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = data });
        var kept = await new TableClient(restarted.ConnectionString, "kept").GetEntityIfExistsAsync<TableEntity>("just", "written");
        Assert.True(kept.HasValue);
    }

    [Fact]
    public async Task GuardDeath_Killed_AzuriteStopsByItselfAndSavesItsData()
    {
        var data = Directory.CreateTempSubdirectory("hah-azurite-").FullName;
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = data });
        var azurite = Assert.Single(RunningProcess.DescendantsOf(emulator.ProcessId));
        try
        {
            var table = new TableClient(emulator.ConnectionString, "kept");
            await table.CreateAsync();
            await table.AddEntityAsync(new TableEntity("before", "guard-death"));

            // As a SIGKILL to the owner's whole process group kills the guard with it; Azurite's
            // output then goes to a pipe nobody reads.
            System.Diagnostics.Process.GetProcessById(emulator.ProcessId).Kill();

            Assert.True(await azurite.WaitUntilStoppedAsync(TimeSpan.FromSeconds(20)), $"Azurite ({azurite}) still runs after its guard was killed.");
        }
        finally
        {
            await emulator.DisposeAsync();
            if (azurite.IsRunning)
            {
                System.Diagnostics.Process.GetProcessById(azurite.Id).Kill();
            }
        }

        await using var restarted = await AzuriteEmulator.StartAsync(new AzuriteOptions { DataDirectory = data });
        var kept = await new TableClient(restarted.ConnectionString, "kept").GetEntityIfExistsAsync<TableEntity>("before", "guard-death");
        Assert.True(kept.HasValue);
    }

    [Fact]
    public async Task StartAsync_PortTaken_FailsNamingThePortsAndAzuritesOutput()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var taken = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AzuriteEmulator.StartAsync(new AzuriteOptions { TablePort = taken, StartTimeout = TimeSpan.FromSeconds(20) }));
            Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }
}
