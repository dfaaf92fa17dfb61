using System.Diagnostics;
using System.Reflection;

namespace HaH.Orchestration.Infra.Tests;

/// <summary>
/// The Bicep compiler from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a PackageDownload of
/// this project), run on the files under infra/.
/// </summary>
internal static class BicepCompiler
{
    public const string PackageId = "azure.bicep.commandline.linux-x64";
    public const string Version = "0.49.2";

    /// <summary>Values for the secure parameters main.bicepparam reads from the environment (40 characters each).</summary>
    public static readonly IReadOnlyDictionary<string, string> SecretEnvironment = new Dictionary<string, string>
    {
        ["HAH_INTEGRATOR_KEY"] = new('i', 40),
        ["HAH_SMS_KEY"] = new('s', 40),
        ["HAH_EHOSPITAL_KEY"] = new('e', 40),
        ["HAH_ADMIN_KEY"] = new('a', 40),
        ["HAH_SMS_PSEUDONYM_KEY"] = new('p', 40),
    };

    public static string RepoRoot => Metadata("RepoRoot");

    public static string InfraFolder => Path.Combine(RepoRoot, "infra");

    /// <summary>Every .bicep and .bicepparam file under infra/, relative to it.</summary>
    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(InfraFolder, "*.bicep*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".bicep", StringComparison.Ordinal) || file.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(InfraFolder, file))
            .Order(StringComparer.Ordinal);

    /// <summary>The path of the bicep binary, made executable if the package's extraction lost the bit.</summary>
    public static string Executable()
    {
        var path = Path.Combine(Metadata("NuGetPackageRoot"), PackageId, Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Expected the Bicep compiler at {path}; it is not there. The package {PackageId} {Version} is a PackageDownload of tests/infra: restore the project (dotnet restore tests/infra).");
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"The Bicep compiler here is the {PackageId} package: Linux x64 only.");
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }

    /// <summary>Runs bicep with the arguments; the exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = InfraFolder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in SecretEnvironment)
        {
            start.Environment[name] = value;
        }

        // Offline and quiet: no telemetry, no version check.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string Metadata(string key) =>
        typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata: the project file sets it.");
}
