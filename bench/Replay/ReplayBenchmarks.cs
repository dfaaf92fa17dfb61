using BenchmarkDotNet.Attributes;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Bench.Replay;

/// <summary>
/// One orchestration step as a worker runs it without the instance in memory: a fresh session
/// replays the generation's history, then runs the step live. What a cold step costs in CPU and
/// memory for histories up to the 200 events a generation may hold.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private IReadOnlyList<HistoryEvent> _past = [];
    private IReadOnlyList<HistoryEvent> _next = [];

    /// <summary>Events in the history replayed before the step.</summary>
    [Params(50, 100, 200)]
    public int HistoryEvents { get; set; }

    [GlobalSetup]
    public void Setup() => (_past, _next) = VisitLoopHistory.Build(HistoryEvents);

    [Benchmark]
    public int ColdStep() =>
        new OrchestrationSession(new VisitLoop(), VisitLoopHistory.InstanceId).Execute(_past, _next).NewEvents.Count;
}
