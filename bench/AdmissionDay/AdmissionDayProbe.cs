using System.Collections.Concurrent;
using System.Threading.Channels;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// Where the workload's wall-clock timestamps meet: the SMS activity reports that it ran (and so
/// asks the driver to confirm the visit), the driver and the other process report when they
/// raised the confirmation, and the orchestrator reports — outside replay — when it started
/// waiting and when its code observed the confirmation. All times are the system's wall clock
/// (<see cref="TimeProvider.System"/>), comparable across processes on one machine.
/// </summary>
internal sealed class AdmissionDayProbe(RaiseOn raiseOn)
{
    private readonly ConcurrentDictionary<(string AdmissionId, int Visit), VisitTimes> _visits = new();
    private readonly Channel<(string AdmissionId, int Visit)> _sent = Channel.CreateUnbounded<(string, int)>(new UnboundedChannelOptions { SingleReader = true });
    private long _observed;
    private long _summaries;

    /// <summary>Visits to confirm now, each once: their SMS activity ran, or their orchestration started waiting (see <see cref="RaiseOn"/>).</summary>
    public ChannelReader<(string AdmissionId, int Visit)> VisitsToConfirm => _sent.Reader;

    public long ObservedCount => Interlocked.Read(ref _observed);

    public long SummaryCount => Interlocked.Read(ref _summaries);

    public ICollection<VisitTimes> Visits => _visits.Values;

    public static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    public void SmsSent(string admissionId, int visit)
    {
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

    public void SummaryWritten(AdmissionDaySummary summary) => Interlocked.Increment(ref _summaries);

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

    public bool Remote { get; set; }
}
