using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// <c>replay</c>: <see cref="ReplayBenchmarks"/> under BenchmarkDotNet, in this process (no
/// generated project to build, so it runs offline), artifacts under <c>bench/results/replay</c>.
/// </summary>
internal static class ReplayCommand
{
    public static int Run()
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine("bench", "results", "replay"));
        var summary = BenchmarkRunner.Run<ReplayBenchmarks>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
    }
}
