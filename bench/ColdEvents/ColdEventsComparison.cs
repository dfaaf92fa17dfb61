using System.Globalization;
using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.ColdEvents;

/// <summary><c>cold-events --engine both</c>: the workload on this runtime, then on the peer (each its own Azurite and task hub), and the ratios hah ÷ dtfx.</summary>
internal sealed class ColdEventsComparison(ColdEventsSettings settings)
{
    public async Task<ColdEventsComparisonResult> RunAsync(CancellationToken cancellationToken)
    {
        var results = new Dictionary<EngineKind, ColdEventsResult>();
        foreach (var engine in settings.Engines)
        {
            Console.WriteLine($"=== {EngineChoice.Name(engine)} ===");
            results[engine] = await new ColdEventsWorkload(settings).RunAsync(engine, cancellationToken);
        }

        var hah = results[EngineKind.Hah];
        var dtfx = results[EngineKind.Dtfx];
        var ratios = new ColdEventsRatios(
            Ratio(hah.EventToCommittedMs.P50, dtfx.EventToCommittedMs.P50),
            Ratio(hah.EventToCommittedMs.P99, dtfx.EventToCommittedMs.P99),
            Ratio(hah.IdleRequestsPerMinute, dtfx.IdleRequestsPerMinute),
            hah.IdleRequestsPerMinuteLast30Seconds is { } mine && dtfx.IdleRequestsPerMinuteLast30Seconds is { } theirs ? Ratio(mine, theirs) : null);
        Console.WriteLine("hah ÷ dtfx:");
        Console.WriteLine($"  event→committed p50 / p99 (other process)  {Text(ratios.EventToCommittedP50)} / {Text(ratios.EventToCommittedP99)}");
        Console.WriteLine($"  idle requests/min, whole / last 30 s       {Text(ratios.IdleRequestsPerMinute)} / {Text(ratios.IdleRequestsPerMinuteLast30Seconds)}");
        return new ColdEventsComparisonResult(ratios, hah, dtfx);
    }

    private static double? Ratio(double hah, double dtfx) => dtfx > 0 ? Math.Round(hah / dtfx, 3) : null;

    private static string Text(double? ratio) => ratio?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";
}
