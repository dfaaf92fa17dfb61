using System.Diagnostics;
using System.Globalization;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// The admission-day workload: its own Azurite and task hub, one worker in this process with the
/// runtime's default options, N admissions started together, each visit confirmed as soon as its
/// SMS activity ran (every <c>RemoteEvery</c>-th admission from another process), then an idle
/// period on the same worker.
/// </summary>
internal sealed class AdmissionDayWorkload(AdmissionDaySettings settings)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    private int Visits => settings.Admissions * settings.Visits;

    public async Task<AdmissionDayResult> RunAsync(CancellationToken cancellationToken)
    {
        var loadBefore = MachineInfo.LoadAverage();
        var machine = await MachineInfo.ReadAsync();
        Console.WriteLine($"admission-day: {settings.Admissions} admissions × {settings.Visits} visits on {machine.Cores} cores, load average {Load(loadBefore)}");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions(), cancellationToken);
        Console.WriteLine($"Azurite {machine.Azurite} on ports {azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort} (in memory)");

        var counter = new StorageRequestCounter();
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientSettings { RequestCounter = counter, MaxConcurrentRequests = settings.RequestsInFlight });
        var taskHub = "bench" + Guid.NewGuid().ToString("N")[..12];
        var probe = new AdmissionDayProbe(settings.RaiseOn);
        using var metrics = new RuntimeMetrics();
        await using var sampler = new WorkingSetSampler();
        using var host = BuildHost(account, probe, taskHub);
        var options = host.Services.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var runtime = host.Services.GetRequiredService<DurableRuntime>();

        await using var remote = settings.RemoteEvery > 0
            ? await RemoteRaiser.StartAsync(azurite.ConnectionString, taskHub, probe, cancellationToken)
            : null;
        await host.StartAsync(cancellationToken);
        try
        {
            await WaitForPartitionsAsync(runtime, options.PartitionCount, cancellationToken);
            var setup = counter.Snapshot();

            // The work: from the first schedule to the last completion.
            Console.WriteLine($"Task hub {taskHub}: {options.PartitionCount} partitions owned; starting {settings.Admissions} admissions" +
                (remote is null ? "" : $", every {Ordinal(settings.RemoteEvery)} admission's events raised by process {remote.ProcessId}"));
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            work.CancelAfter(TimeSpan.FromMinutes(settings.TimeoutMinutes));
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var azuriteCpu = ProcessTreeCpu.Seconds(azurite.ProcessId);
            var started = Stopwatch.GetTimestamp();
            var driver = new ConfirmationDriver(client, probe, remote, settings);
            var driving = Task.Run(() => driver.RunAsync(work.Token), CancellationToken.None);
            var scheduling = ScheduleAsync(client, started, work.Token);
            var timeline = new ProgressTimeline(azurite.ProcessId);
            await WaitForCompletionsAsync(metrics, probe, counter, started, scheduling, timeline, work.Token, cancellationToken);
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
            var idle = await MeasureIdleAsync(counter, azurite.ProcessId, cancellationToken);

            var outcome = await ReadOutcomeAsync(client, probe, driver, cancellationToken);
            var total = StorageFigures.From(StorageFigures.Sum(worked.ByOperation, raiserCounts));
            var visitTimes = probe.Visits.ToArray();
            return new AdmissionDayResult
            {
                Parameters = new AdmissionDayParameters(
                    settings.Admissions, settings.Visits, settings.IdleSeconds, settings.RemoteEvery, settings.RaiseOn, (int)AdmissionDaySettings.ConfirmationTimeout.TotalSeconds,
                    options.PartitionCount, options.MaxConcurrentSteps, options.MaxConcurrentActivities, options.MinPollingInterval.TotalMilliseconds,
                    options.MaxPollingInterval.TotalMilliseconds, options.LeaseRenewInterval.TotalSeconds, options.MaxCachedInstances,
                    settings.RequestsInFlight),
                Machine = machine,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = MachineInfo.LoadAverage(),
                WallSeconds = Round(wall),
                ScheduleSeconds = scheduleSeconds,
                VisitsPerSecond = Round(Visits / wall),
                OrchestrationsPerSecond = Round(settings.Admissions / wall),
                EventToStepMs = EventToStep(visitTimes, remote: false),
                CrossProcessEventToStepMs = EventToStep(visitTimes, remote: true),
                EventToStepMsByVisit = visitTimes.GroupBy(v => v.Visit).OrderBy(g => g.Key)
                    .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => EventToStep(g, remote: false)),
                CrossProcessEventToStepMsByVisit = visitTimes.GroupBy(v => v.Visit).OrderBy(g => g.Key)
                    .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => EventToStep(g, remote: true)),
                RaisedBeforeOrchestrationWaited = new RaisedEarly(RaisedEarly(visitTimes, remote: false), RaisedEarly(visitTimes, remote: true)),
                RaiseCallMs = new RaiseCalls(RaiseCall(visitTimes, remote: false), RaiseCall(visitTimes, remote: true)),
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
                Outcome = outcome,
                Timeline = timeline.Points,
            };
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stop.Token);
        }
    }

    private static IHost BuildHost(StorageAccount account, AdmissionDayProbe probe, string taskHub)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.AddSingleton(account);
        builder.Services.AddSingleton(probe);
        var payloads = new JsonDataConverter(DurableSerializer.Options);
        builder.Services.AddDurableTaskWorker(worker => worker
            .AddTasks(registry => registry
                .AddOrchestrator(AdmissionDayOrchestrator.Name, () => new AdmissionDayOrchestrator(probe))
                .AddActivity<SendVisitSmsActivity>(SendVisitSmsActivity.Name)
                .AddActivity<WriteSummaryActivity>(WriteSummaryActivity.Name))
            .Configure(options => options.DataConverter = payloads)
            .UseAzureStorage(options => options.TaskHub = taskHub));
        builder.Services.AddDurableTaskClient(client => client.Configure(options => options.DataConverter = payloads).UseAzureStorage());
        return builder.Build();
    }

    private static async Task WaitForPartitionsAsync(DurableRuntime runtime, int partitions, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (runtime.OwnedPartitions.Count < partitions)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The worker owned {runtime.OwnedPartitions.Count} of {partitions} partitions after 60 s; expected all (a fresh task hub, one worker).");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Starts every admission (16 at a time); returns the seconds it took from <paramref name="started"/>.</summary>
    private async Task<double> ScheduleAsync(DurableTaskClient client, long started, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var input = new AdmissionDayInput(settings.Visits, (int)AdmissionDaySettings.ConfirmationTimeout.TotalSeconds);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Admissions),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (admission, ct) => await client.ScheduleNewOrchestrationInstanceAsync(
                AdmissionDayOrchestrator.Name, input, new StartOrchestrationOptions { InstanceId = ConfirmationDriver.InstanceId(admission) }, ct));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"[{seconds,6:0.0} s] all {settings.Admissions} admissions scheduled");
        return Round(seconds);
    }

    private async Task WaitForCompletionsAsync(
        RuntimeMetrics metrics, AdmissionDayProbe probe, StorageRequestCounter counter, long started, Task scheduling, ProgressTimeline timeline,
        CancellationToken work, CancellationToken interrupted)
    {
        var nextReport = ProgressInterval;
        while (metrics.Finished < settings.Admissions)
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
                    $"After {settings.TimeoutMinutes} minutes only {metrics.Finished} of {settings.Admissions} admissions had finished " +
                    $"({probe.ObservedCount} of {Visits} confirmations observed). Raise --timeout-minutes, or look for warnings above.");
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= nextReport)
            {
                nextReport += ProgressInterval;
                var point = timeline.Add(elapsed, metrics.Finished, probe.ObservedCount, counter.Snapshot().Total);
                Console.WriteLine($"[{elapsed.TotalSeconds,6:0.0} s] {point.Finished,6}/{settings.Admissions} admissions done, " +
                    $"{point.Observed,7}/{Visits} confirmations observed, {point.Requests,9} storage requests (this process), " +
                    $"Azurite {(point.AzuriteCpuPercent is { } cpu ? $"{cpu,3:0}" : "?")} % CPU");
            }
        }

        if (metrics.FinishedUnsuccessfully > 0)
        {
            Console.Error.WriteLine($"Warning: {metrics.FinishedUnsuccessfully} admissions ended in a status other than Completed.");
        }
    }

    private async Task<IdleFigures> MeasureIdleAsync(StorageRequestCounter counter, int azuritePid, CancellationToken cancellationToken)
    {
        if (settings.IdleSeconds == 0)
        {
            return new IdleFigures(0, StorageFigures.From(new Dictionary<string, long>()), null);
        }

        Console.WriteLine($"Idle for {settings.IdleSeconds} s, counting the worker's storage requests ...");
        var before = counter.Snapshot();
        var azuriteCpu = ProcessTreeCpu.Seconds(azuritePid);
        var started = Stopwatch.GetTimestamp();
        var remaining = TimeSpan.FromSeconds(settings.IdleSeconds);
        while (remaining > TimeSpan.Zero)
        {
            var wait = remaining < TimeSpan.FromSeconds(30) ? remaining : TimeSpan.FromSeconds(30);
            await Task.Delay(wait, cancellationToken);
            remaining -= wait;
            Console.WriteLine($"[idle {Stopwatch.GetElapsedTime(started).TotalSeconds,5:0} s] {counter.Snapshot().Total - before.Total} requests");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var requests = StorageFigures.From(StorageFigures.Difference(counter.Snapshot(), before));
        return new IdleFigures(Round(seconds), requests, azuriteCpu is { } cpuBefore && ProcessTreeCpu.Seconds(azuritePid) is { } cpuAfter ? Round(cpuAfter - cpuBefore) : null);
    }

    private static async Task<AdmissionDayOutcome> ReadOutcomeAsync(DurableTaskClient client, AdmissionDayProbe probe, ConfirmationDriver driver, CancellationToken cancellationToken)
    {
        var completed = 0;
        var other = 0;
        var confirmed = 0;
        var query = new OrchestrationQuery { PageSize = 500, FetchInputsAndOutputs = true };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
            {
                completed++;
                confirmed += instance.ReadOutputAs<AdmissionDaySummary>()?.Confirmed ?? 0;
            }
            else
            {
                other++;
            }
        }

        return new AdmissionDayOutcome(completed, other, confirmed, (int)probe.ObservedCount, driver.Raised, probe.SummaryCount);
    }

    private static LatencySummary EventToStep(IEnumerable<VisitTimes> visits, bool remote) => LatencySummary.From(
        visits.Where(v => v.Remote == remote && v.RaiseStartedAt is not null && v.ObservedAt is not null)
            .Select(v => (v.ObservedAt!.Value - v.RaiseStartedAt!.Value).TotalMilliseconds));

    private static int RaisedEarly(IEnumerable<VisitTimes> visits, bool remote) =>
        visits.Count(v => v.Remote == remote && v.RaiseStartedAt is { } raised && v.WaitingAt is { } waiting && raised < waiting);

    private static LatencySummary RaiseCall(IEnumerable<VisitTimes> visits, bool remote) => LatencySummary.From(
        visits.Where(v => v.Remote == remote && v.RaiseStartedAt is not null && v.RaiseReturnedAt is not null)
            .Select(v => (v.RaiseReturnedAt!.Value - v.RaiseStartedAt!.Value).TotalMilliseconds));

    private static string Load(double[]? load) => load is null ? "unknown" : string.Join(" ", load.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Ordinal(int n) => n switch { 1 => "", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static double Round(double value) => Math.Round(value, 2);
}
