using System.Diagnostics;
using System.Globalization;
using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.ColdEvents;

/// <summary>
/// "A nurse's SMS reply through the webhook on a quiet night": M admissions that only wait for
/// their confirmations (the admission-day orchestration with a timer longer than the run), a worker
/// left idle long enough to back off its polling, then events raised one at a time from the other
/// process, each to the next admission in turn, with a gap between them. Measures how long each
/// event takes to be committed by a worker that was asleep, and what the idle worker costs.
/// </summary>
internal sealed class ColdEventsWorkload(ColdEventsSettings settings)
{
    private static readonly TimeSpan CommitDeadline = TimeSpan.FromMinutes(2);

    public async Task<ColdEventsResult> RunAsync(EngineKind engineKind, CancellationToken cancellationToken)
    {
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.ReadAsync();
        Console.WriteLine($"cold-events ({EngineChoice.Name(engineKind)}): {settings.Admissions} waiting admissions, idle {settings.IdleBeforeSeconds} s, " +
            $"then {settings.Events} events {settings.GapSeconds} s apart from another process");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), cancellationToken);
        var taskHub = "cold" + Guid.NewGuid().ToString("N")[..12];
        var probe = new AdmissionDayProbe(RaiseOn.SmsSent);
        using var metrics = new RuntimeMetrics();
        await using var sampler = new WorkingSetSampler();
        await using var engine = WorkloadEngines.CreateWorker(engineKind, azurite.ConnectionString, taskHub, probe, metrics, new StorageClientSettings().MaxConcurrentRequests);
        await using var raiser = await RemoteRaiser.StartAsync(engineKind, azurite.ConnectionString, taskHub, probe, cancellationToken);
        await engine.StartAsync(cancellationToken);

        await StartWaitingAdmissionsAsync(engine, probe, cancellationToken);
        var (idle, steady) = await MeasureIdleAsync(engine.Counter, azurite.ProcessId, cancellationToken);

        var beforeEvents = engine.Counter.Snapshot();
        var raised = await RaiseOneAtATimeAsync(raiser, probe, cancellationToken);
        var eventRequests = StorageFigures.From(StorageFigures.Difference(engine.Counter.Snapshot(), beforeEvents));
        var raiserCounts = await raiser.FinishAsync(cancellationToken);

        var visits = probe.Visits.Where(v => v.Remote).ToArray();
        return new ColdEventsResult
        {
            Engine = engineKind,
            Parameters = new ColdEventsParameters(
                engineKind, settings.Admissions, settings.VisitsPerAdmission, settings.Events, settings.GapSeconds, settings.IdleBeforeSeconds, engine.Parameters),
            Machine = machine,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = MachineInfo.LoadAverage(),
            EventToCommittedMs = VisitLatencies.EventToCommitted(visits, remote: true),
            EventToCommittedEachMs = [.. raised.Select(key => probe.Find(key.AdmissionId, key.Visit) is { RaiseStartedAt: { } from, CommittedAt: { } to }
                ? LatencySummary.Round((to - from).TotalMilliseconds)
                : (double?)null)],
            EventToStepMs = VisitLatencies.EventToStep(visits, remote: true),
            EventToNextActivityMs = VisitLatencies.EventToNextActivity(visits, remote: true),
            RaiseCallMs = VisitLatencies.RaiseCall(visits, remote: true),
            IdleRequestsPerMinute = PerMinute(idle.Requests.Total, idle.Seconds),
            IdleRequestsPerMinuteLast30Seconds = steady is null ? null : PerMinute(steady.Total, ColdEventsSettings.SteadyIdle.TotalSeconds),
            Idle = idle,
            IdleLast30Seconds = steady ?? StorageFigures.From(new Dictionary<string, long>()),
            EventRequests = eventRequests,
            RaiserRequests = StorageFigures.From(raiserCounts),
            PeakWorkingSetMb = sampler.PeakMegabytes,
        };
    }

    /// <summary>Schedules the admissions and waits until each waits for its first confirmation (its step running live).</summary>
    private async Task StartWaitingAdmissionsAsync(IWorkloadEngine engine, AdmissionDayProbe probe, CancellationToken cancellationToken)
    {
        var input = new AdmissionDayInput(settings.VisitsPerAdmission, (int)ColdEventsSettings.ConfirmationTimeout.TotalSeconds);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Admissions),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (admission, ct) => await engine.ScheduleAsync(ConfirmationDriver.InstanceId(admission), input, ct));
        var deadline = Stopwatch.StartNew();
        while (probe.Visits.Count(v => v.Visit == 1 && v.WaitingAt is not null) < settings.Admissions)
        {
            if (deadline.Elapsed > CommitDeadline)
            {
                throw new TimeoutException($"After {CommitDeadline.TotalSeconds:0} s only {probe.Visits.Count(v => v.Visit == 1 && v.WaitingAt is not null)} of " +
                    $"{settings.Admissions} admissions waited for their first confirmation; expected all (look for warnings above).");
            }

            await Task.Delay(100, cancellationToken);
        }

        Console.WriteLine($"All {settings.Admissions} admissions wait for a confirmation after {deadline.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Counts the idle worker's requests over the whole window and, separately, over its last 30 s.</summary>
    private async Task<(IdleFigures Whole, StorageFigures? Steady)> MeasureIdleAsync(StorageRequestCounter counter, int azuritePid, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(settings.IdleBeforeSeconds);
        Console.WriteLine($"Idle for {window.TotalSeconds:0} s, counting the worker's storage requests ...");
        var before = counter.Snapshot();
        var azuriteCpu = ProcessTreeCpu.Seconds(azuritePid);
        var started = Stopwatch.GetTimestamp();
        StorageRequestCounts? steadyFrom = null;
        var steadyAt = window - ColdEventsSettings.SteadyIdle;
        if (steadyAt >= TimeSpan.Zero)
        {
            await Task.Delay(steadyAt, cancellationToken);
            steadyFrom = counter.Snapshot();
            Console.WriteLine($"[idle {Stopwatch.GetElapsedTime(started).TotalSeconds,5:0} s] {steadyFrom.Total - before.Total} requests");
        }

        var remaining = window - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }

        var after = counter.Snapshot();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"[idle {seconds,5:0} s] {after.Total - before.Total} requests");
        var whole = new IdleFigures(
            Math.Round(seconds, 2),
            StorageFigures.From(StorageFigures.Difference(after, before)),
            azuriteCpu is { } cpuBefore && ProcessTreeCpu.Seconds(azuritePid) is { } cpuAfter ? Math.Round(cpuAfter - cpuBefore, 2) : null);
        return (whole, steadyFrom is null ? null : StorageFigures.From(StorageFigures.Difference(after, steadyFrom)));
    }

    /// <summary>Raises the events one at a time, round robin over the admissions, then waits until each is committed.</summary>
    private async Task<IReadOnlyList<(string AdmissionId, int Visit)>> RaiseOneAtATimeAsync(RemoteRaiser raiser, AdmissionDayProbe probe, CancellationToken cancellationToken)
    {
        var raised = new List<(string AdmissionId, int Visit)>();
        for (var i = 0; i < settings.Events; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.GapSeconds), cancellationToken);
                Report(probe, raised[^1]);
            }

            var next = (ConfirmationDriver.InstanceId(i % settings.Admissions), i / settings.Admissions + 1);
            raiser.Raise(next.Item1, next.Item2);
            raised.Add(next);
        }

        var deadline = Stopwatch.StartNew();
        while (probe.CommittedCount < settings.Events && deadline.Elapsed < CommitDeadline)
        {
            await Task.Delay(50, cancellationToken);
        }

        Report(probe, raised[^1]);
        if (probe.CommittedCount < settings.Events)
        {
            Console.Error.WriteLine($"Warning: {probe.CommittedCount} of {settings.Events} events committed {CommitDeadline.TotalSeconds:0} s after the last raise.");
        }

        return raised;
    }

    private static void Report(AdmissionDayProbe probe, (string AdmissionId, int Visit) key)
    {
        var times = probe.Find(key.AdmissionId, key.Visit);
        var latency = times is { RaiseStartedAt: { } from, CommittedAt: { } to } ? $"committed after {(to - from).TotalMilliseconds:0} ms" : "not committed yet";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key.AdmissionId} visit {key.Visit}: {latency}"));
    }

    private static double PerMinute(long requests, double seconds) => seconds > 0 ? Math.Round(requests / (seconds / 60), 1) : 0;
}
