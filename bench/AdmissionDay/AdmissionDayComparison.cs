using HaH.Orchestration.Bench.Engines;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// <c>admission-day --engine both</c>: the same workload on this runtime and on the peer, back to
/// back on the same Azurite version and arguments (each engine its own fresh Azurite and task hub),
/// alternating — hah first in odd rounds, dtfx first in even ones, so neither always meets the
/// machine warmer — and the ratios hah ÷ dtfx per round and over all rounds.
/// </summary>
internal sealed class AdmissionDayComparison(AdmissionDaySettings settings)
{
    public async Task<AdmissionDayComparisonResult> RunAsync(CancellationToken cancellationToken)
    {
        var rounds = new List<ComparisonRound>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            EngineKind[] order = round % 2 == 1 ? [EngineKind.Hah, EngineKind.Dtfx] : [EngineKind.Dtfx, EngineKind.Hah];
            var results = new Dictionary<EngineKind, AdmissionDayResult>();
            foreach (var engine in order)
            {
                Console.WriteLine($"=== round {round} of {settings.Rounds}: {EngineChoice.Name(engine)} ===");
                results[engine] = await new AdmissionDayWorkload(settings).RunAsync(engine, cancellationToken);
            }

            var ratios = EngineRatios.Of(results[EngineKind.Hah], results[EngineKind.Dtfx]);
            Console.WriteLine($"Round {round}, hah ÷ dtfx:{Environment.NewLine}{ratios.Describe()}");
            rounds.Add(new ComparisonRound(round, [.. order], results[EngineKind.Hah], results[EngineKind.Dtfx], ratios));
        }

        var mean = EngineRatios.Mean([.. rounds.Select(r => r.Ratios)]);
        if (rounds.Count > 1)
        {
            Console.WriteLine($"Over {rounds.Count} rounds (geometric mean), hah ÷ dtfx:{Environment.NewLine}{mean.Describe()}");
        }

        return new AdmissionDayComparisonResult(mean, rounds);
    }
}
