using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.Bench.Engines.Hah;

/// <summary>The runtime's <see cref="DurableTaskClient"/>; alone in its own host (the raiser process) or the worker's.</summary>
internal sealed class HahClient(DurableTaskClient client, IHost? ownHost) : IEngineClient
{
    public static async Task<IEngineClient> CreateAsync(string connectionString, string taskHub, StorageRequestCounter counter, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(StorageAccount.FromConnectionString(connectionString, new StorageClientSettings { RequestCounter = counter }));
        builder.Services.AddDurableTaskClient(client => client
            .Configure(options => options.DataConverter = new JsonDataConverter(DurableSerializer.Options))
            .UseAzureStorage(options => options.TaskHub = taskHub));
        var host = builder.Build();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Creates (or finds) the task hub's resources and opens the connections before the first measured raise.
        await client.GetInstanceAsync("warm-up", cancellation: cancellationToken);
        return new HahClient(client, host);
    }

    public Task ScheduleAsync(string instanceId, AdmissionDayInput input, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(AdmissionDayOrchestrator.Name, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);

    public Task RaiseConfirmationAsync(string instanceId, int visit, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, AdmissionDayOrchestrator.VisitConfirmed, new VisitConfirmation(visit), cancellationToken);

    public ValueTask DisposeAsync()
    {
        ownHost?.Dispose();
        return ValueTask.CompletedTask;
    }
}
