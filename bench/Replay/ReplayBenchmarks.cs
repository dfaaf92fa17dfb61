using BenchmarkDotNet.Attributes;
using DurableTask.Core.History;
using HaH.Orchestration.Durable.Execution;
using Microsoft.DurableTask.Worker.Shims;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// One orchestration step as a worker runs it without the instance in memory: a fresh
/// DurableTask.Core executor over Microsoft.DurableTask's shim replays the generation's history,
/// then runs the step live. What a cold step costs in CPU and memory for histories up to the 200
/// events a generation may hold.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private readonly DurableTaskShimFactory _shims = new();
    private IReadOnlyList<HistoryEvent> _past = [];
    private IReadOnlyList<HistoryEvent> _next = [];

    /// <summary>Events in the history replayed before the step.</summary>
    [Params(50, 100, 200)]
    public int HistoryEvents { get; set; }

    [GlobalSetup]
    public void Setup() => (_past, _next) = VisitLoopHistory.Build(_shims, HistoryEvents);

    // The executor only marks the events it plays (IsPlayed, never read back), so every iteration can reuse them.
    [Benchmark]
    public int ColdStep() =>
        new OrchestrationExecution(VisitLoopHistory.Orchestration(_shims), _past).Run(_next).Actions.Count();
}
