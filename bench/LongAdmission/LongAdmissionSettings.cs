using HaH.Orchestration.Bench.Cli;

namespace HaH.Orchestration.Bench.LongAdmission;

/// <summary>The long-admission workload's parameters (see <see cref="BenchCommand.Help"/>).</summary>
internal sealed record LongAdmissionSettings(int Days, int VisitsPerDay, string? Out)
{
    public static readonly string[] Options = ["days", "visits-per-day", "out"];

    public static LongAdmissionSettings From(OptionReader options) => new(
        options.Int("days", 30, 1, 120),
        options.Int("visits-per-day", 4, 1, 6),
        options.Text("out"));
}
