using HaH.Orchestration.Durable.Emulator;

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
