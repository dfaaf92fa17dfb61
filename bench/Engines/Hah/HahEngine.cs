using System.Diagnostics;
using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable;
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

namespace HaH.Orchestration.Bench.Engines.Hah;

/// <summary>
/// This project's runtime with its default options: one worker and the client in a host, the
/// orchestrator and activities registered with the SDK. Completion is read from the runtime's
/// <c>durable.orchestration.finished</c> counter and commits from its step spans, so detecting
/// either costs no request.
/// </summary>
internal sealed class HahEngine : IWorkloadEngine
{
    private readonly IHost _host;
    private readonly RuntimeMetrics _metrics;
    private readonly StepCommitListener _commits;
    private readonly HahClient _client;
    private readonly AzureStorageOptions _options;

    private HahEngine(IHost host, RuntimeMetrics metrics, StepCommitListener commits, StorageRequestCounter counter, int requestsInFlight)
    {
        _host = host;
        _metrics = metrics;
        _commits = commits;
        Counter = counter;
        _client = new HahClient(host.Services.GetRequiredService<DurableTaskClient>(), ownHost: null);
        _options = host.Services.GetRequiredService<IOptions<AzureStorageOptions>>().Value;
        Parameters = new EngineParameters(
            _options.PartitionCount, _options.MaxConcurrentSteps, _options.MaxConcurrentActivities, _options.MinPollingInterval.TotalMilliseconds,
            _options.MaxPollingInterval.TotalMilliseconds, _options.LeaseRenewInterval.TotalSeconds, _options.MaxCachedInstances, requestsInFlight,
            _options.WakeUpPollingInterval.TotalMilliseconds);
    }

    public EngineKind Kind => EngineKind.Hah;

    public StorageRequestCounter Counter { get; }

    public long Finished => _metrics.Finished;

    public long FinishedUnsuccessfully => _metrics.FinishedUnsuccessfully;

    public EngineParameters Parameters { get; }

    public static HahEngine Create(string connectionString, string taskHub, AdmissionDayProbe probe, RuntimeMetrics metrics, int requestsInFlight)
    {
        var counter = new StorageRequestCounter();
        var account = StorageAccount.FromConnectionString(connectionString, new StorageClientSettings { RequestCounter = counter, MaxConcurrentRequests = requestsInFlight });
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
        return new HahEngine(builder.Build(), metrics, new StepCommitListener(probe), counter, requestsInFlight);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _host.StartAsync(cancellationToken);
        var runtime = _host.Services.GetRequiredService<DurableRuntime>();
        var deadline = Stopwatch.StartNew();
        while (runtime.OwnedPartitions.Count < _options.PartitionCount)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The worker owned {runtime.OwnedPartitions.Count} of {_options.PartitionCount} partitions after 60 s; expected all (a fresh task hub, one worker).");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public Task ScheduleAsync(string instanceId, AdmissionDayInput input, CancellationToken cancellationToken) =>
        _client.ScheduleAsync(instanceId, input, cancellationToken);

    public Task RaiseConfirmationAsync(string instanceId, int visit, CancellationToken cancellationToken) =>
        _client.RaiseConfirmationAsync(instanceId, visit, cancellationToken);

    public async Task<EngineOutcome> ReadOutcomeAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        var client = _host.Services.GetRequiredService<DurableTaskClient>();
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

        return new EngineOutcome(completed, other, confirmed);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _host.StopAsync(stop.Token);
        }
        finally
        {
            _commits.Dispose();
            _host.Dispose();
        }
    }
}
