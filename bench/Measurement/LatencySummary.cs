namespace HaH.Orchestration.Bench.Measurement;

/// <summary>A distribution of durations in milliseconds: nearest-rank percentiles, the maximum and the count.</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary From(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        double Rank(double percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Round(Rank(50)), Round(Rank(95)), Round(Rank(99)), Round(sorted[^1]), Round(sorted.Average()));
    }

    public static double Round(double value) => Math.Round(value, 1);
}
