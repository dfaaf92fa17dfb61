using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HaH.Orchestration.Durable.Emulator;

/// <summary>
/// A running Azurite (the Azure Storage emulator) owned by this process. Disposing it stops
/// Azurite; if this process dies first, Azurite stops too (see <c>azurite-guard.cjs</c>).
/// </summary>
public sealed class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>The well-known account name and key every Azurite accepts.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known Azurite account key (public, documented by Microsoft).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly object _stopLock = new();
    private Task? _stopping;

    private AzuriteEmulator(Process process, StringBuilder output, string host, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        Host = host;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The address Azurite listens on.</summary>
    public string Host { get; }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The operating-system process id of the guard that owns Azurite.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A connection string for this Azurite's three services.</summary>
    public string ConnectionString => BuildConnectionString(Host, BlobPort, QueuePort, TablePort);

    /// <summary>A connection string for an Azurite at the given host and ports.</summary>
    public static string BuildConnectionString(string host, int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{host}:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://{host}:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://{host}:{tablePort}/{AccountName};";

    /// <summary>Starts Azurite and returns once all three services accept connections.</summary>
    /// <exception cref="InvalidOperationException">Node.js or Azurite is missing, or Azurite did not come up.</exception>
    public static async Task<AzuriteEmulator> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var node = AzuriteInstallation.FindNode();
        var script = AzuriteInstallation.FindAzuriteScript(options.SearchFrom);
        var guard = AzuriteInstallation.WriteGuardScript();
        var blobPort = options.BlobPort != 0 ? options.BlobPort : FreePorts.Next();
        var queuePort = options.QueuePort != 0 ? options.QueuePort : FreePorts.Next();
        var tablePort = options.TablePort != 0 ? options.TablePort : FreePorts.Next();
        foreach (var port in new[] { options.BlobPort, options.QueuePort, options.TablePort }.Where(port => port != 0))
        {
            if (await FreePorts.IsListeningAsync(options.Host, port, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Cannot start Azurite: port {port} on {options.Host} is already in use by another program.");
            }
        }

        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(guard, script, options, blobPort, queuePort, tablePort))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var emulator = new AzuriteEmulator(process, output, options.Host, blobPort, queuePort, tablePort);
        try
        {
            await emulator.WaitUntilListeningAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static IEnumerable<string> Arguments(string guard, string script, AzuriteOptions options, int blobPort, int queuePort, int tablePort)
    {
        yield return guard;
        yield return script;
        yield return "--silent";
        yield return "--skipApiVersionCheck";
        yield return "--loose";
        yield return "--disableProductStyleUrl";

        // Azurite's usage telemetry is on by default: it sends events to Microsoft, and after a stop
        // that followed requests it kept Azurite alive until the guard's 10 s kill (over a
        // minute without one, measured with no network).
        yield return "--disableTelemetry";
        foreach (var (service, port) in new[] { ("blob", blobPort), ("queue", queuePort), ("table", tablePort) })
        {
            yield return $"--{service}Host";
            yield return options.Host;
            yield return $"--{service}Port";
            yield return port.ToString(CultureInfo.InvariantCulture);
        }

        if (options.DataDirectory is null)
        {
            yield return "--inMemoryPersistence";
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            yield return "--location";
            yield return options.DataDirectory;
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {_process.ExitCode} before it listened on {Host} ports {BlobPort}, {QueuePort}, {TablePort}. " +
                    $"Its output:{Environment.NewLine}{Output}");
            }

            // Azurite prints one line per service once it listens: the only reliable sign, since a
            // port can accept connections from another process while Azurite fails to bind it.
            var output = Output;
            if (new[] { "Blob", "Queue", "Table" }.All(service => output.Contains($"Azurite {service} service is successfully listening", StringComparison.Ordinal)))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"Azurite did not listen on {Host} ports {BlobPort}, {QueuePort}, {TablePort} within {timeout.TotalSeconds:0} s. " +
                    $"Its output:{Environment.NewLine}{output}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What Azurite printed so far (for error messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep only the start: enough to explain a failed start without growing forever.
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// Once stopped, the guard's exit code: 0 when Azurite shut down cleanly (it saved its data),
    /// otherwise it failed or had to be killed before it had saved. Null while running.
    /// </summary>
    public int? ExitCode { get; private set; }

    /// <summary>Closes the guard's stdin without waiting: what happens when this process dies.</summary>
    internal void CloseGuardInputForTest() => _process.StandardInput.Close();

    /// <summary>
    /// Stops Azurite: closes the guard's stdin (Azurite then shuts down cleanly, saving its data)
    /// and waits, then kills what is left.
    /// Every caller waits for the same stop: a second caller returning at once would report
    /// Azurite stopped while it still runs.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_stopLock)
        {
            _stopping ??= StopAsync();
        }

        return new ValueTask(_stopping);
    }

    private async Task StopAsync()
    {
        // Off the caller's lock and thread: the stop waits for a process to exit.
        await Task.Yield();
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            ExitCode = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // The process was never started or is already gone: nothing to stop.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
