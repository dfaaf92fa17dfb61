using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Durable.Storage;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// Starts Azurite when the configured storage is the local emulator and nothing listens on its
/// ports, and stops it when the host stops (or dies: see <see cref="AzuriteEmulator"/>). Runs
/// before the web server and the runtime so they find storage up.
/// </summary>
internal sealed class LocalStorageEmulator(
    StorageAccount account,
    IOptions<LocalEmulatorOptions> options,
    ILogger<LocalStorageEmulator> logger) : IHostedService, IAsyncDisposable
{
    private readonly object _stopLock = new();
    private AzuriteEmulator? _started;
    private Task? _stopping;

    /// <summary>What happened at start, for the start-up banner.</summary>
    public string Status { get; private set; } = "not checked";

    /// <summary>True when this host started Azurite (and stops it when the host stops).</summary>
    public bool StartedByThisHost => _started is not null;

    /// <summary>The process that runs the Azurite this host started (its guard, which exits only after Azurite has); null when none.</summary>
    internal int? ProcessId => _started?.ProcessId;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!account.IsLocalEmulator)
        {
            Status = "remote storage";
            return;
        }

        var host = account.TableEndpoint.Host;
        var ports = new[] { account.BlobEndpoint.Port, account.QueueEndpoint.Port, account.TableEndpoint.Port };
        var listening = await Task.WhenAll(ports.Select(port => FreePorts.IsListeningAsync(host, port, TimeSpan.FromSeconds(1), cancellationToken)));
        if (listening.All(isListening => isListening))
        {
            Status = "already running, not started by this host";
            logger.UsingRunningEmulator(host);
            return;
        }

        if (!options.Value.AutoStart)
        {
            Status = "not running, and Azurite:AutoStart is false";
            logger.EmulatorNotStarting(host);
            return;
        }

        if (listening.Any(isListening => isListening))
        {
            Status = "some of its ports are taken by another program";
            logger.EmulatorPortsPartlyTaken(string.Join(", ", ports));
            return;
        }

        try
        {
            var location = options.Value.InMemory ? null : DataLocation(options.Value.Location);
            _started = await AzuriteEmulator.StartAsync(
                new AzuriteOptions
                {
                    Host = host is "localhost" ? "127.0.0.1" : host,
                    BlobPort = ports[0],
                    QueuePort = ports[1],
                    TablePort = ports[2],
                    DataDirectory = location,
                },
                cancellationToken);
            Status = location is null ? "started by this host, data in memory" : $"started by this host, data in {location}";
            logger.EmulatorStarted(location ?? "memory");
        }
        catch (InvalidOperationException ex)
        {
            // The host keeps running so /health/ready can say what is wrong; the message says how to fix it.
            Status = "could not be started: " + ex.Message;
            logger.EmulatorStartFailed(ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    // A web application's host is stopped twice at once — by whoever stops it (Ctrl+C, a test's
    // factory) and by its own run loop once stopping begins — so every caller waits for the one
    // stop; returning to the second at once let it report Azurite gone while it still ran.
    public ValueTask DisposeAsync()
    {
        lock (_stopLock)
        {
            _stopping ??= StopEmulatorAsync(_started);
        }

        return new ValueTask(_stopping);
    }

    private async Task StopEmulatorAsync(AzuriteEmulator? emulator)
    {
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
            if (emulator.ExitCode == 0)
            {
                logger.EmulatorStopped();
            }
            else
            {
                logger.EmulatorStoppedUncleanly(emulator.ExitCode);
            }
        }
    }

    private static string DataLocation(string location)
    {
        if (Path.IsPathRooted(location))
        {
            return location;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "node_modules", "azurite")))
            {
                return Path.Combine(dir.FullName, location);
            }
        }

        return Path.GetFullPath(location);
    }
}
