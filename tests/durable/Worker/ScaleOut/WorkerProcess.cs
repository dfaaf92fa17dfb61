using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace HaH.Orchestration.Durable.Tests.Worker.ScaleOut;

/// <summary>A durable worker in a child process (<see cref="WorkerProcessHost"/>): started, stopped gracefully, or killed.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITestOutputHelper _output;

    private WorkerProcess(string workerId, Process process, ITestOutputHelper output)
    {
        WorkerId = workerId;
        _process = process;
        _output = output;
    }

    public string WorkerId { get; }

    public bool HasExited => _process.HasExited;

    public static async Task<WorkerProcess> StartAsync(string connectionString, string taskHub, string workerId, int partitions, ITestOutputHelper output)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            typeof(WorkerProcessHost).Assembly.Location, "worker", "--connection", connectionString, "--hub", taskHub, "--id", workerId,
            "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(workerId, process, output);
        process.OutputDataReceived += (_, line) => worker.Received(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Received(line.Data is null ? null : "stderr: " + line.Data);
        process.Exited += (_, _) => worker._ready.TrySetException(new InvalidOperationException($"Worker {workerId} exited with {process.ExitCode} before it was ready."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await worker._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Ends the process at once with SIGKILL: no lease released, nothing flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the worker to stop (closes its standard input) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        foreach (var line in _lines)
        {
            _output.WriteLine(line);
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == WorkerProcessHost.ReadyLine)
        {
            _ready.TrySetResult();
        }

        _lines.Enqueue(line);
    }
}
