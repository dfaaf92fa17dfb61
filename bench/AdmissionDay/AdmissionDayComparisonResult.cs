using System.Text.Json.Serialization;
using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>Both engines' admission-day results, round by round, and the ratios hah ÷ dtfx.</summary>
internal sealed record AdmissionDayComparisonResult(EngineRatios Ratios, IReadOnlyList<ComparisonRound> Rounds)
{
    [JsonPropertyOrder(-1)]
    public string Workload { get; } = "admission-day-comparison";
}

/// <summary>One round: the order the engines ran in, each one's result and the ratios.</summary>
internal sealed record ComparisonRound(int Round, IReadOnlyList<EngineKind> Order, AdmissionDayResult Hah, AdmissionDayResult Dtfx, EngineRatios Ratios);
