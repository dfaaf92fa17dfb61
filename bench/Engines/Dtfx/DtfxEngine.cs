using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Serializing;
using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>
/// The peer: a <see cref="TaskHubWorker"/> over DTFx's <see cref="AzureStorageOrchestrationService"/>
/// with its default settings, wrapped in <see cref="CommitRecordingOrchestrationService"/>, and a
/// <see cref="TaskHubClient"/> on the same service.
/// </summary>
internal sealed class DtfxEngine : IWorkloadEngine
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly CommitRecordingOrchestrationService _recording;
    private readonly TaskHubWorker _worker;
    private readonly DtfxClient _client;
    private bool _started;

    private DtfxEngine(AzureStorageOrchestrationServiceSettings settings, StorageRequestCounter counter, AdmissionDayProbe probe)
    {
        Counter = counter;
        _service = new AzureStorageOrchestrationService(settings);
        _recording = new CommitRecordingOrchestrationService(_service, probe);
        _worker = new TaskHubWorker(_recording);
        _worker.AddTaskOrchestrations(new FactoryObjectCreator<TaskOrchestration>(AdmissionDayOrchestrator.Name, () => new DtfxAdmissionDayOrchestration(probe)));
        _worker.AddTaskActivities(
            new FactoryObjectCreator<TaskActivity>(SendVisitSmsActivity.Name, () => new DtfxSendVisitSmsActivity(probe)),
            new FactoryObjectCreator<TaskActivity>(WriteSummaryActivity.Name, () => new DtfxWriteSummaryActivity(probe)));
        _client = new DtfxClient(new TaskHubClient(_service));
        Parameters = new EngineParameters(
            settings.PartitionCount, settings.MaxConcurrentTaskOrchestrationWorkItems, settings.MaxConcurrentTaskActivityWorkItems, MinPollingIntervalMs: null,
            settings.MaxQueuePollingInterval.TotalMilliseconds, settings.LeaseRenewInterval.TotalSeconds, MaxCachedInstances: settings.ExtendedSessionsEnabled ? 1 : 0,
            settings.MaxStorageOperationConcurrency, WakeUpPollingIntervalMs: null);
    }

    public EngineKind Kind => EngineKind.Dtfx;

    public StorageRequestCounter Counter { get; }

    public long Finished => _recording.Finished;

    public long FinishedUnsuccessfully => _recording.FinishedUnsuccessfully;

    public EngineParameters Parameters { get; }

    public static DtfxEngine Create(string connectionString, string taskHub, AdmissionDayProbe probe)
    {
        var counter = new StorageRequestCounter();
        return new DtfxEngine(DtfxStorage.Settings(connectionString, taskHub, counter), counter, probe);
    }

    /// <summary>
    /// Creates the task hub and starts the worker. DTFx takes its partitions (control queues) in the
    /// background and does not say when it owns them all, so the first admissions may meet that.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();
        await _worker.StartAsync();
        _started = true;
    }

    public Task ScheduleAsync(string instanceId, AdmissionDayInput input, CancellationToken cancellationToken) =>
        _client.ScheduleAsync(instanceId, input, cancellationToken);

    public Task RaiseConfirmationAsync(string instanceId, int visit, CancellationToken cancellationToken) =>
        _client.RaiseConfirmationAsync(instanceId, visit, cancellationToken);

    public async Task<EngineOutcome> ReadOutcomeAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
    {
        var payloads = new JsonDataConverter();
        var completed = 0;
        var other = 0;
        var confirmed = 0;
        foreach (var instanceId in instanceIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = await _client.Inner.GetOrchestrationStateAsync(instanceId);
            if (state?.OrchestrationStatus == OrchestrationStatus.Completed)
            {
                completed++;
                confirmed += payloads.Deserialize<AdmissionDaySummary>(state.Output)?.Confirmed ?? 0;
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
        if (_started)
        {
            // Forced: in-flight work items are abandoned rather than waited for; the task hub is thrown away with Azurite.
            await _worker.StopAsync(isForced: true).WaitAsync(TimeSpan.FromSeconds(30));
        }

        _worker.Dispose();
    }
}
