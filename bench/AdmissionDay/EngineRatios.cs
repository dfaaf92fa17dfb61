using System.Globalization;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// hah ÷ dtfx for the figures the comparison is about: above 1 is better for visits/s, below 1 is
/// better for the rest. Null when the peer's figure is zero (nothing to divide by).
/// </summary>
internal sealed record EngineRatios(
    double? VisitsPerSecond,
    double? StorageRequestsPerVisit,
    double? EventToStepP99,
    double? CrossProcessEventToStepP99,
    double? EventToCommittedP99,
    double? CrossProcessEventToCommittedP99,
    double? EventToNextActivityP99,
    double? CrossProcessEventToNextActivityP99,
    double? PeakWorkingSet)
{
    public static EngineRatios Of(AdmissionDayResult hah, AdmissionDayResult dtfx) => new(
        Ratio(hah.VisitsPerSecond, dtfx.VisitsPerSecond),
        Ratio(hah.StorageRequestsPerVisit, dtfx.StorageRequestsPerVisit),
        Ratio(hah.EventToStepMs.P99, dtfx.EventToStepMs.P99),
        Ratio(hah.CrossProcessEventToStepMs.P99, dtfx.CrossProcessEventToStepMs.P99),
        Ratio(hah.EventToCommittedMs.P99, dtfx.EventToCommittedMs.P99),
        Ratio(hah.CrossProcessEventToCommittedMs.P99, dtfx.CrossProcessEventToCommittedMs.P99),
        Ratio(hah.EventToNextActivityMs.P99, dtfx.EventToNextActivityMs.P99),
        Ratio(hah.CrossProcessEventToNextActivityMs.P99, dtfx.CrossProcessEventToNextActivityMs.P99),
        Ratio(hah.PeakWorkingSetMb, dtfx.PeakWorkingSetMb));

    /// <summary>The geometric mean of several rounds' ratios, figure by figure (the mean that treats 2× and ½× alike).</summary>
    public static EngineRatios Mean(IReadOnlyList<EngineRatios> rounds) => new(
        Mean(rounds, r => r.VisitsPerSecond),
        Mean(rounds, r => r.StorageRequestsPerVisit),
        Mean(rounds, r => r.EventToStepP99),
        Mean(rounds, r => r.CrossProcessEventToStepP99),
        Mean(rounds, r => r.EventToCommittedP99),
        Mean(rounds, r => r.CrossProcessEventToCommittedP99),
        Mean(rounds, r => r.EventToNextActivityP99),
        Mean(rounds, r => r.CrossProcessEventToNextActivityP99),
        Mean(rounds, r => r.PeakWorkingSet));

    public string Describe() => string.Join(Environment.NewLine, [
        $"  visits/s                              {Text(VisitsPerSecond)}",
        $"  storage requests per visit            {Text(StorageRequestsPerVisit)}",
        $"  event→step p99, same / other process  {Text(EventToStepP99)} / {Text(CrossProcessEventToStepP99)}",
        $"  event→committed p99, same / other     {Text(EventToCommittedP99)} / {Text(CrossProcessEventToCommittedP99)}",
        $"  event→next activity p99, same / other {Text(EventToNextActivityP99)} / {Text(CrossProcessEventToNextActivityP99)}",
        $"  peak working set                      {Text(PeakWorkingSet)}"]);

    private static double? Ratio(double hah, double dtfx) => dtfx > 0 ? Math.Round(hah / dtfx, 3) : null;

    private static double? Mean(IReadOnlyList<EngineRatios> rounds, Func<EngineRatios, double?> figure)
    {
        var values = rounds.Select(figure).ToArray();
        return values.All(v => v is > 0) ? Math.Round(Math.Exp(values.Average(v => Math.Log(v!.Value))), 3) : null;
    }

    private static string Text(double? ratio) => ratio?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";
}
