using System.Text.Json.Serialization;

namespace HaH.Orchestration.Bench.ColdEvents;

/// <summary>Both engines' cold-events results and the ratios hah ÷ dtfx.</summary>
internal sealed record ColdEventsComparisonResult(ColdEventsRatios Ratios, ColdEventsResult Hah, ColdEventsResult Dtfx)
{
    [JsonPropertyOrder(-1)]
    public string Workload { get; } = "cold-events-comparison";
}

/// <summary>hah ÷ dtfx; below 1 is better for all four. Null when the peer's figure is zero.</summary>
internal sealed record ColdEventsRatios(double? EventToCommittedP50, double? EventToCommittedP99, double? IdleRequestsPerMinute, double? IdleRequestsPerMinuteLast30Seconds);
