using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// This bench re-launched as <see cref="RaiserCommand"/>: raises the events of some admissions
/// from another process with the engine's own client, so that the worker learns of them from its
/// queue, not from an in-process wake-up. Its raise times are reported to the <see cref="AdmissionDayProbe"/>.
/// </summary>
internal sealed class RemoteRaiser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly AdmissionDayProbe _probe;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, long>> _counts = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _input = new();

    private RemoteRaiser(Process process, AdmissionDayProbe probe)
    {
        _process = process;
        _probe = probe;
    }

    /// <summary>The raiser's operating-system process id.</summary>
    public int ProcessId => _process.Id;

    public static async Task<RemoteRaiser> StartAsync(EngineKind engine, string connectionString, string taskHub, AdmissionDayProbe probe, CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot re-launch the bench as the raiser: the process path is unknown.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(RemoteRaiser).Assembly.Location);
        }

        foreach (var argument in new[] { RaiserCommand.Name, "--task-hub", taskHub, "--engine", EngineChoice.Name(engine) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[RaiserCommand.StorageVariable] = connectionString;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var raiser = new RemoteRaiser(process, probe);
        process.OutputDataReceived += (_, e) => raiser.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[raiser] " + e.Data);
            }
        };
        process.Exited += (_, _) =>
        {
            raiser._ready.TrySetException(new InvalidOperationException($"The raiser process exited with code {process.ExitCode} before it was ready (its errors are above)."));
            raiser._counts.TrySetException(new InvalidOperationException($"The raiser process exited with code {process.ExitCode} without reporting its storage requests."));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await raiser._ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await raiser.DisposeAsync();
            throw;
        }

        return raiser;
    }

    /// <summary>Asks the raiser to raise the visit's confirmation now.</summary>
    public void Raise(string instanceId, int visit)
    {
        lock (_input)
        {
            _process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instanceId} {visit}"));
            _process.StandardInput.Flush();
        }
    }

    /// <summary>Ends the raiser's input; returns its storage requests by operation once it has raised everything.</summary>
    public async Task<IReadOnlyDictionary<string, long>> FinishAsync(CancellationToken cancellationToken)
    {
        lock (_input)
        {
            _process.StandardInput.Close();
        }

        var counts = await _counts.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await _process.WaitForExitAsync(cancellationToken);
        return counts;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var parts = line.Split(' ', 2);
        switch (parts[0])
        {
            case "ready":
                _ready.TrySetResult();
                break;
            case "raised":
                var fields = parts[1].Split(' ');
                _probe.Raised(
                    fields[0],
                    int.Parse(fields[1], CultureInfo.InvariantCulture),
                    new DateTimeOffset(long.Parse(fields[2], CultureInfo.InvariantCulture), TimeSpan.Zero),
                    new DateTimeOffset(long.Parse(fields[3], CultureInfo.InvariantCulture), TimeSpan.Zero),
                    remote: true);
                break;
            case "counts":
                _counts.TrySetResult(JsonSerializer.Deserialize<Dictionary<string, long>>(parts[1]) ?? []);
                break;
            default:
                Console.Error.WriteLine("[raiser] " + line);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
