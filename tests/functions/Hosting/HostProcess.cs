using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>The built host run as a real process, as <c>dotnet run --project functions</c> runs it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process) => _process = process;

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

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public int ProcessId => _process.Id;

    public static HostProcess Start(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null) =>
        Start(["dotnet"], workingDirectory, arguments, environment);

    /// <summary>
    /// Starts the host as a terminal starts a foreground job: leading a process group of its own,
    /// which <see cref="SignalProcessGroupAsync"/> signals as a whole (never the test runner's
    /// group), with SIGINT at its default — a test runner may run with SIGINT ignored, and
    /// children inherit that. With <paramref name="sigintIgnored"/> it is started as a script
    /// with job control off starts a background job: SIGINT ignored.
    /// </summary>
    public static HostProcess StartAsProcessGroupLeader(string workingDirectory, IEnumerable<string> arguments, bool sigintIgnored = false) =>
        Start(["setsid", "env", sigintIgnored ? "--ignore-signal=INT" : "--default-signal=INT", "dotnet"], workingDirectory, arguments, null);

    /// <summary>Sends the signal (e.g. <c>INT</c>) to the host's whole process group, as Ctrl+C in a terminal does.</summary>
    public Task SignalProcessGroupAsync(string signal) => KillAsync("-s", signal, "--", $"-{ProcessId}");

    /// <summary>Sends the signal (e.g. <c>TERM</c>) to the host's process alone.</summary>
    public Task SignalAsync(string signal) => KillAsync("-s", signal, ProcessId.ToString(CultureInfo.InvariantCulture));

    private static async Task KillAsync(params string[] arguments)
    {
        using var kill = Process.Start("kill", arguments);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {string.Join(' ', arguments)} failed with exit code {kill.ExitCode}.");
        }
    }

    // The launcher execs each next program in turn, so the process started is the host itself.
    private static HostProcess Start(string[] launcher, string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(launcher[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launcher[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(HostAssemblyPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the start-up banner appears; fails with the output if the host exits first.</summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_started.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (finished != _started.Task)
        {
            throw new InvalidOperationException($"The host did not report that it runs (exit code {ExitCode}). Its output:\n{Output}");
        }
    }

    /// <summary>Waits until the output satisfies the condition; fails with the output if the host exits or time runs out first.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition(Output))
        {
            if (_process.HasExited || waited.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The host's output did not show what was awaited (exit code {ExitCode}). Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("HaH.Orchestration is running", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    /// <summary>The host's own build output (Debug or Release, whichever built these tests).</summary>
    private static string HostAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "functions", "bin", configuration, framework, "HaH.Orchestration.Functions.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"The host's build output was not found above {testOutput.FullName}.");
    }
}
