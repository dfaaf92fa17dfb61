using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Bench.Engines.Dtfx;
using HaH.Orchestration.Bench.Engines.Hah;
using HaH.Orchestration.Bench.Measurement;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.Engines;

/// <summary>Creates an engine's worker (the bench process) or its client alone (the raiser process).</summary>
internal static class WorkloadEngines
{
    public static IWorkloadEngine CreateWorker(
        EngineKind kind, string connectionString, string taskHub, AdmissionDayProbe probe, RuntimeMetrics metrics, int requestsInFlight) => kind switch
        {
            EngineKind.Hah => HahEngine.Create(connectionString, taskHub, probe, metrics, requestsInFlight),
            _ => DtfxEngine.Create(connectionString, taskHub, probe),
        };

    /// <summary>A client with no worker, its storage requests counted by <paramref name="counter"/>; ready once the task hub exists.</summary>
    public static Task<IEngineClient> CreateClientAsync(
        EngineKind kind, string connectionString, string taskHub, StorageRequestCounter counter, CancellationToken cancellationToken) => kind switch
        {
            EngineKind.Hah => HahClient.CreateAsync(connectionString, taskHub, counter, cancellationToken),
            _ => DtfxClient.CreateAsync(connectionString, taskHub, counter),
        };
}
