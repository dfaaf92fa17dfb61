using HaH.Orchestration.Bench.Cli;
using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.ColdEvents;

/// <summary>The cold-events workload's parameters (see <see cref="BenchCommand.Help"/>).</summary>
internal sealed record ColdEventsSettings(int Admissions, int Events, int GapSeconds, int IdleBeforeSeconds, IReadOnlyList<EngineKind> Engines, string? Out)
{
    public static readonly string[] Options = ["admissions", "events", "gap-seconds", "idle-before-seconds", "engine", "out"];

    /// <summary>How long an admission waits for a confirmation: longer than any run, so no timer fires.</summary>
    public static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromDays(1);

    /// <summary>The last part of the idle window, reported on its own: the polling back-off has settled by then.</summary>
    public static readonly TimeSpan SteadyIdle = TimeSpan.FromSeconds(30);

    public static ColdEventsSettings From(OptionReader options) => new(
        options.Int("admissions", 20, 1, 10_000),
        options.Int("events", 20, 1, 10_000),
        options.Int("gap-seconds", 10, 0, 3600),
        options.Int("idle-before-seconds", 60, 0, 3600),
        EngineChoice.Parse("cold-events", options.Text("engine")),
        options.Text("out"));

    /// <summary>Visits per admission: one more than the events it will get, so none finishes during the run.</summary>
    public int VisitsPerAdmission => (Events + Admissions - 1) / Admissions + 1;
}
