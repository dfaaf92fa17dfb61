using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// Where the workload's wall-clock timestamps meet: the SMS activity reports that it ran (and so
/// asks the driver to confirm the visit), the driver and the other process report when they
/// raised the confirmation, and the orchestrator reports — outside replay — when it started
/// waiting and when its code observed the confirmation; the engine reports when a step that
/// applied confirmations committed, and the activities when they started (the next activity after
/// a confirmation is what a user sees happen). All times are the system's wall clock
/// (<see cref="TimeProvider.System"/>), comparable across processes on one machine.
/// </summary>
internal sealed class AdmissionDayProbe(RaiseOn raiseOn)
{
    private readonly ConcurrentDictionary<(string AdmissionId, int Visit), VisitTimes> _visits = new();
    private readonly ConcurrentDictionary<string, StrongBox<int>> _committedConfirmations = new(StringComparer.Ordinal);
    private readonly Channel<(string AdmissionId, int Visit)> _sent = Channel.CreateUnbounded<(string, int)>(new UnboundedChannelOptions { SingleReader = true });
    private long _observed;
    private long _committed;
    private long _summaries;

    /// <summary>Visits to confirm now, each once: their SMS activity ran, or their orchestration started waiting (see <see cref="RaiseOn"/>).</summary>
    public ChannelReader<(string AdmissionId, int Visit)> VisitsToConfirm => _sent.Reader;

    public long ObservedCount => Interlocked.Read(ref _observed);

    public long SummaryCount => Interlocked.Read(ref _summaries);

    public ICollection<VisitTimes> Visits => _visits.Values;

    /// <summary>One visit's timestamps, or null when nothing happened to it yet.</summary>
    public VisitTimes? Find(string admissionId, int visit) => _visits.TryGetValue((admissionId, visit), out var times) ? times : null;

    public static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    public long CommittedCount => Interlocked.Read(ref _committed);

    public void SmsSent(string admissionId, int visit)
    {
        if (visit > 1)
        {
            NextActivityStarted(admissionId, visit - 1);
        }

        var times = For(admissionId, visit);
        lock (times)
        {
            if (times.SmsSentAt is not null)
            {
                return; // An activity ran again (at least once): the visit is confirmed once.
            }

            times.SmsSentAt = Now();
        }

        if (raiseOn == RaiseOn.SmsSent)
        {
            _sent.Writer.TryWrite((admissionId, visit));
        }
    }

    public void Waiting(string admissionId, int visit)
    {
        var times = For(admissionId, visit);
        lock (times)
        {
            if (times.WaitingAt is not null)
            {
                return;
            }

            times.WaitingAt = Now();
        }

        if (raiseOn == RaiseOn.Waiting)
        {
            _sent.Writer.TryWrite((admissionId, visit));
        }
    }

    public void Raised(string admissionId, int visit, DateTimeOffset started, DateTimeOffset returned, bool remote)
    {
        var times = For(admissionId, visit);
        lock (times)
        {
            times.RaiseStartedAt = started;
            times.RaiseReturnedAt = returned;
            times.Remote = remote;
        }
    }

    public void Observed(string admissionId, int visit)
    {
        var times = For(admissionId, visit);
        lock (times)
        {
            if (times.ObservedAt is not null)
            {
                return;
            }

            times.ObservedAt = Now();
        }

        Interlocked.Increment(ref _observed);
    }

    public void SummaryWritten(AdmissionDaySummary summary)
    {
        NextActivityStarted(summary.AdmissionId, summary.Visits);
        Interlocked.Increment(ref _summaries);
    }

    /// <summary>
    /// A step of <paramref name="admissionId"/> committed at <paramref name="at"/>, having applied the
    /// external events <paramref name="eventNames"/>. Each visit gets exactly one confirmation, in
    /// order, so the k-th committed confirmation of an admission is its visit k.
    /// </summary>
    public void StepCommitted(string admissionId, IEnumerable<string> eventNames, DateTimeOffset at)
    {
        var confirmations = eventNames.Count(name => name == AdmissionDayOrchestrator.VisitConfirmed);
        if (confirmations == 0)
        {
            return;
        }

        var count = _committedConfirmations.GetOrAdd(admissionId, static _ => new StrongBox<int>());
        var last = Interlocked.Add(ref count.Value, confirmations);
        for (var visit = last - confirmations + 1; visit <= last; visit++)
        {
            var times = For(admissionId, visit);
            lock (times)
            {
                times.CommittedAt ??= at;
            }

            Interlocked.Increment(ref _committed);
        }
    }

    private void NextActivityStarted(string admissionId, int visit)
    {
        var times = For(admissionId, visit);
        lock (times)
        {
            times.NextActivityAt ??= Now();
        }
    }

    private VisitTimes For(string admissionId, int visit) => _visits.GetOrAdd((admissionId, visit), static key => new VisitTimes { Visit = key.Visit });
}

/// <summary>One visit's timestamps (wall clock); null until they happened.</summary>
internal sealed class VisitTimes
{
    public int Visit { get; init; }

    public DateTimeOffset? SmsSentAt { get; set; }

    public DateTimeOffset? WaitingAt { get; set; }

    public DateTimeOffset? RaiseStartedAt { get; set; }

    public DateTimeOffset? RaiseReturnedAt { get; set; }

    public DateTimeOffset? ObservedAt { get; set; }

    /// <summary>When the step that applied this visit's confirmation committed.</summary>
    public DateTimeOffset? CommittedAt { get; set; }

    /// <summary>When the activity after this visit started: the next visit's SMS, or the summary after the last visit.</summary>
    public DateTimeOffset? NextActivityAt { get; set; }

    public bool Remote { get; set; }
}
