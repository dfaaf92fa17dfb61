using HaH.Orchestration.Bench.Cli;
using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>The admission-day workload's parameters (see <see cref="BenchCommand.Help"/>).</summary>
/// <param name="Engines">One engine, or both (hah first in odd rounds, dtfx first in even ones).</param>
/// <param name="Rounds">With both engines: how many times to run the pair.</param>
internal sealed record AdmissionDaySettings(
    int Admissions, int Visits, int IdleSeconds, int RemoteEvery, int TimeoutMinutes, RaiseOn RaiseOn, string? Out, int RequestsInFlight, IReadOnlyList<EngineKind> Engines, int Rounds)
{
    public static readonly string[] Options = ["admissions", "visits", "idle-seconds", "remote-every", "timeout-minutes", "raise-on", "out", "requests-in-flight", "engine", "rounds"];

    /// <summary>How long a visit waits for its confirmation before it counts as unconfirmed.</summary>
    public static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromMinutes(10);

    public static AdmissionDaySettings From(OptionReader options) => new(
        options.Int("admissions", 200, 1, 100_000),
        options.Int("visits", 4, 1, 100),
        options.Int("idle-seconds", 120, 0, 3600),
        options.Int("remote-every", 2, 0, 100_000),
        options.Int("timeout-minutes", 60, 1, 24 * 60),
        options.Text("raise-on") switch
        {
            null or "sms-sent" => RaiseOn.SmsSent,
            "waiting" => RaiseOn.Waiting,
            var other => throw new CommandLineException($"admission-day: --raise-on must be sms-sent or waiting, got '{other}'."),
        },
        options.Text("out"),
        options.Int("requests-in-flight", new StorageClientSettings().MaxConcurrentRequests, 0, 1000),
        EngineChoice.Parse("admission-day", options.Text("engine")),
        options.Int("rounds", 1, 1, 20));

    /// <summary>True when admission number <paramref name="admission"/> (0-based) has its events raised from the other process.</summary>
    public bool IsRemote(int admission) => RemoteEvery > 0 && admission % RemoteEvery == RemoteEvery - 1;
}

/// <summary>When the driver confirms a visit.</summary>
internal enum RaiseOn
{
    /// <summary>As soon as the SendVisitSms activity has run (the workload; the default).</summary>
    SmsSent,

    /// <summary>As soon as the orchestrator, running live, starts waiting for the confirmation (its step not yet committed).</summary>
    Waiting,
}
