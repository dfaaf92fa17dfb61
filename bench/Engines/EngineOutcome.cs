namespace HaH.Orchestration.Bench.Engines;

/// <summary>The instances at the end: completed, in any other status, and the visits their summaries say were confirmed.</summary>
internal sealed record EngineOutcome(int Completed, int Other, int VisitsConfirmed);
