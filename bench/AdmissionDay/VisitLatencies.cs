using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>The latencies computed from the visits' timestamps, each for the events raised in this process or in the other one.</summary>
internal static class VisitLatencies
{
    /// <summary>From the raise to the orchestrator code observing the event (inside the step, before its commit).</summary>
    public static LatencySummary EventToStep(IEnumerable<VisitTimes> visits, bool remote) => FromRaise(visits, remote, v => v.ObservedAt);

    /// <summary>From the raise to the commit of the step that applied the event.</summary>
    public static LatencySummary EventToCommitted(IEnumerable<VisitTimes> visits, bool remote) => FromRaise(visits, remote, v => v.CommittedAt);

    /// <summary>From the raise to the start of the activity that follows the confirmation.</summary>
    public static LatencySummary EventToNextActivity(IEnumerable<VisitTimes> visits, bool remote) => FromRaise(visits, remote, v => v.NextActivityAt);

    public static LatencySummary RaiseCall(IEnumerable<VisitTimes> visits, bool remote) => FromRaise(visits, remote, v => v.RaiseReturnedAt);

    public static int RaisedEarly(IEnumerable<VisitTimes> visits, bool remote) =>
        visits.Count(v => v.Remote == remote && v.RaiseStartedAt is { } raised && v.WaitingAt is { } waiting && raised < waiting);

    /// <summary>A latency by visit number, keyed "1", "2", ….</summary>
    public static IReadOnlyDictionary<string, LatencySummary> ByVisit(IEnumerable<VisitTimes> visits, Func<IEnumerable<VisitTimes>, LatencySummary> latency) =>
        visits.GroupBy(v => v.Visit).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => latency(g));

    private static LatencySummary FromRaise(IEnumerable<VisitTimes> visits, bool remote, Func<VisitTimes, DateTimeOffset?> end) => LatencySummary.From(
        visits.Where(v => v.Remote == remote && v.RaiseStartedAt is not null && end(v) is not null)
            .Select(v => (end(v)!.Value - v.RaiseStartedAt!.Value).TotalMilliseconds));
}
