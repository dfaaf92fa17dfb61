using DurableTask.AzureStorage;
using DurableTask.Core;
using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>DTFx's <see cref="TaskHubClient"/> over its Azure Storage service (its API takes no cancellation token).</summary>
internal sealed class DtfxClient(TaskHubClient client) : IEngineClient
{
    public TaskHubClient Inner => client;

    /// <summary>A client alone (the raiser process): creates (or finds) the task hub and opens the connections before the first measured raise.</summary>
    public static async Task<IEngineClient> CreateAsync(string connectionString, string taskHub, StorageRequestCounter counter)
    {
        var service = DtfxStorage.CreateService(connectionString, taskHub, counter);
        await service.CreateIfNotExistsAsync();
        var client = new TaskHubClient(service);
        await client.GetOrchestrationStateAsync("warm-up");
        return new DtfxClient(client);
    }

    public Task ScheduleAsync(string instanceId, AdmissionDayInput input, CancellationToken cancellationToken) =>
        client.CreateOrchestrationInstanceAsync(AdmissionDayOrchestrator.Name, "", instanceId, input);

    public Task RaiseConfirmationAsync(string instanceId, int visit, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, AdmissionDayOrchestrator.VisitConfirmed, new VisitConfirmation(visit));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
