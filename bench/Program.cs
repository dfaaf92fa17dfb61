using HaH.Orchestration.Bench.Cli;

namespace HaH.Orchestration.Bench;

/// <summary>
/// The entry point, e.g. <c>dotnet run -c Release --project bench -- admission-day --admissions 200 --visits 4 --out result.json</c>.
/// A named class rather than top-level statements: the app's own <c>Program</c> (functions) is what
/// the long-admission workload hosts.
/// </summary>
internal static class BenchProgram
{
    public static Task<int> Main(string[] args) => BenchCommand.RunAsync(args);
}
