using System.Diagnostics;
using System.Globalization;
using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable.Emulator;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// The admission-day workload on one engine: its own Azurite and task hub, one worker in this
/// process with the engine's default options, N admissions started together, each visit confirmed as soon as its
/// SMS activity ran (every <c>RemoteEvery</c>-th admission from another process), then an idle
/// period on the same worker.
/// </summary>
internal sealed class AdmissionDayWorkload(AdmissionDaySettings settings)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private int Visits => settings.Admissions * settings.Visits;

    public async Task<AdmissionDayResult> RunAsync(EngineKind engineKind, CancellationToken cancellationToken)
    {
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.ReadAsync();
        Console.WriteLine($"admission-day ({EngineChoice.Name(engineKind)}): {settings.Admissions} admissions × {settings.Visits} visits on {machine.Cores} cores, load average {Load(loadBefore)}");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), cancellationToken);
        Console.WriteLine($"Azurite {machine.Azurite} on ports {azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort} (in memory)");

        var taskHub = "bench" + Guid.NewGuid().ToString("N")[..12];
        var probe = new AdmissionDayProbe(settings.RaiseOn);
        using var metrics = new RuntimeMetrics();
        await using var sampler = new WorkingSetSampler();
        await using var engine = WorkloadEngines.CreateWorker(engineKind, azurite.ConnectionString, taskHub, probe, metrics, settings.RequestsInFlight);
        var counter = engine.Counter;

        await using var remote = settings.RemoteEvery > 0
            ? await RemoteRaiser.StartAsync(engineKind, azurite.ConnectionString, taskHub, probe, cancellationToken)
            : null;
        await engine.StartAsync(cancellationToken);
        var setup = counter.Snapshot();

        // The work: from the first schedule to the last completion.
        Console.WriteLine($"Task hub {taskHub}: worker started; starting {settings.Admissions} admissions" +
            (remote is null ? "" : $", every {Ordinal(settings.RemoteEvery)} admission's events raised by process {remote.ProcessId}"));
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        work.CancelAfter(TimeSpan.FromMinutes(settings.TimeoutMinutes));
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpu = ProcessTreeCpu.Seconds(azurite.ProcessId);
        var started = Stopwatch.GetTimestamp();
        var driver = new ConfirmationDriver(engine, probe, remote, settings);
        var driving = Task.Run(() => driver.RunAsync(work.Token), CancellationToken.None);
        var scheduling = ScheduleAsync(engine, started, work.Token);
        var timeline = new ProgressTimeline(azurite.ProcessId);
        await WaitForCompletionsAsync(engine, probe, started, scheduling, timeline, work.Token, cancellationToken);
        var scheduleSeconds = await scheduling;
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var worked = counter.Snapshot();
        var cpu = new CpuFigures(
            Round(wall),
            Round((Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds),
            azuriteCpu is { } before && ProcessTreeCpu.Seconds(azurite.ProcessId) is { } after ? Round(after - before) : null);
        await work.CancelAsync();
        await driving;
        var raiserCounts = remote is null ? new Dictionary<string, long>() : await remote.FinishAsync(cancellationToken);
        Console.WriteLine($"Done: {settings.Admissions} admissions in {wall:0.0} s ({Visits / wall:0.0} visits/s); {worked.Total + raiserCounts.Values.Sum()} storage requests");

        // Idle: the same worker, nothing to do.
        var idle = await IdleWindow.MeasureAsync(counter, azurite.ProcessId, settings.IdleSeconds, cancellationToken);

        var instanceIds = Enumerable.Range(0, settings.Admissions).Select(ConfirmationDriver.InstanceId).ToArray();
        var instances = await engine.ReadOutcomeAsync(instanceIds, cancellationToken);
        var total = StorageFigures.From(StorageFigures.Sum(worked.ByOperation, raiserCounts));
        var visitTimes = probe.Visits.ToArray();
        return new AdmissionDayResult
        {
            Engine = engineKind,
            Parameters = AdmissionDayParameters.From(settings, engineKind, engine.Parameters),
            Machine = machine,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = MachineInfo.LoadAverage(),
            WallSeconds = Round(wall),
            ScheduleSeconds = scheduleSeconds,
            VisitsPerSecond = Round(Visits / wall),
            OrchestrationsPerSecond = Round(settings.Admissions / wall),
            EventToStepMs = VisitLatencies.EventToStep(visitTimes, remote: false),
            CrossProcessEventToStepMs = VisitLatencies.EventToStep(visitTimes, remote: true),
            EventToStepMsByVisit = VisitLatencies.ByVisit(visitTimes, g => VisitLatencies.EventToStep(g, remote: false)),
            CrossProcessEventToStepMsByVisit = VisitLatencies.ByVisit(visitTimes, g => VisitLatencies.EventToStep(g, remote: true)),
            EventToCommittedMs = VisitLatencies.EventToCommitted(visitTimes, remote: false),
            CrossProcessEventToCommittedMs = VisitLatencies.EventToCommitted(visitTimes, remote: true),
            EventToNextActivityMs = VisitLatencies.EventToNextActivity(visitTimes, remote: false),
            CrossProcessEventToNextActivityMs = VisitLatencies.EventToNextActivity(visitTimes, remote: true),
            RaisedBeforeOrchestrationWaited = new RaisedEarly(VisitLatencies.RaisedEarly(visitTimes, remote: false), VisitLatencies.RaisedEarly(visitTimes, remote: true)),
            RaiseCallMs = new RaiseCalls(VisitLatencies.RaiseCall(visitTimes, remote: false), VisitLatencies.RaiseCall(visitTimes, remote: true)),
            StorageRequestsPerVisit = Math.Round(total.Total / (double)Visits, 2),
            StorageRequestsPerVisitByOperation = total.Per(Visits),
            StorageRequests = total,
            SetupRequests = StorageFigures.From(setup.ByOperation),
            RaiserRequests = StorageFigures.From(raiserCounts),
            IdleRequestsPerMinute = idle.Seconds > 0 ? Math.Round(idle.Requests.Total / (idle.Seconds / 60), 1) : 0,
            Idle = idle,
            PeakWorkingSetMb = sampler.PeakMegabytes,
            Cpu = cpu,
            Runtime = metrics.Figures(),
            Outcome = new AdmissionDayOutcome(instances.Completed, instances.Other, instances.VisitsConfirmed, (int)probe.ObservedCount, driver.Raised, probe.SummaryCount),
            Timeline = timeline.Points,
        };
    }

    /// <summary>Starts every admission (16 at a time); returns the seconds it took from <paramref name="started"/>.</summary>
    private async Task<double> ScheduleAsync(IEngineClient client, long started, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var input = new AdmissionDayInput(settings.Visits, (int)AdmissionDaySettings.ConfirmationTimeout.TotalSeconds);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Admissions),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (admission, ct) => await client.ScheduleAsync(ConfirmationDriver.InstanceId(admission), input, ct));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"[{seconds,6:0.0} s] all {settings.Admissions} admissions scheduled");
        return Round(seconds);
    }

    private async Task WaitForCompletionsAsync(
        IWorkloadEngine engine, AdmissionDayProbe probe, long started, Task scheduling, ProgressTimeline timeline,
        CancellationToken work, CancellationToken interrupted)
    {
        var nextReport = ProgressInterval;
        while (engine.Finished < settings.Admissions)
        {
            if (scheduling.IsFaulted)
            {
                await scheduling; // Rethrows why scheduling failed.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), work);
            }
            catch (OperationCanceledException) when (!interrupted.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"After {settings.TimeoutMinutes} minutes only {engine.Finished} of {settings.Admissions} admissions had finished " +
                    $"({probe.ObservedCount} of {Visits} confirmations observed). Raise --timeout-minutes, or look for warnings above.");
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= nextReport)
            {
                nextReport += ProgressInterval;
                var point = timeline.Add(elapsed, engine.Finished, probe.ObservedCount, engine.Counter.Snapshot().Total);
                Console.WriteLine($"[{elapsed.TotalSeconds,6:0.0} s] {point.Finished,6}/{settings.Admissions} admissions done, " +
                    $"{point.Observed,7}/{Visits} confirmations observed, {point.Requests,9} storage requests (this process), " +
                    $"Azurite {(point.AzuriteCpuPercent is { } cpu ? $"{cpu,3:0}" : "?")} % CPU");
            }
        }

        if (engine.FinishedUnsuccessfully > 0)
        {
            Console.Error.WriteLine($"Warning: {engine.FinishedUnsuccessfully} admissions ended in a status other than Completed.");
        }
    }

    private static string Load(double[]? load) => load is null ? "unknown" : string.Join(" ", load.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Ordinal(int n) => n switch { 1 => "", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static double Round(double value) => Math.Round(value, 2);
}
