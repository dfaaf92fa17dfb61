using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(int Cores, string Os, string DotNet, string? Azurite, string? Node, string Gc)
{
    public static async Task<MachineInfo> ReadAsync() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        AzuriteVersion(),
        await NodeVersionAsync(),
        System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");

    /// <summary>The 1, 5 and 15-minute load averages (Linux), or null.</summary>
    public static double[]? LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return [.. fields.Take(3).Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static string? AzuriteVersion()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "node_modules", "azurite", "package.json");
                if (File.Exists(package))
                {
                    using var json = JsonDocument.Parse(File.ReadAllText(package));
                    return json.RootElement.GetProperty("version").GetString();
                }
            }
        }

        return null;
    }

    private static async Task<string?> NodeVersionAsync()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (node is null)
            {
                return null;
            }

            var version = (await node.StandardOutput.ReadToEndAsync()).Trim();
            await node.WaitForExitAsync();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
