using HaH.Orchestration.Bench.AdmissionDay;

namespace HaH.Orchestration.Bench.Engines;

/// <summary>An engine's own client: what the driver and the raiser process need.</summary>
internal interface IEngineClient : IAsyncDisposable
{
    Task ScheduleAsync(string instanceId, AdmissionDayInput input, CancellationToken cancellationToken);

    Task RaiseConfirmationAsync(string instanceId, int visit, CancellationToken cancellationToken);
}
