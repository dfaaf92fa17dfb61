using HaH.Orchestration.Functions.Admissions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Quality;

/// <summary>
/// Computes <see cref="QualityFigures"/> from every admission the task hub holds (purged ones
/// drop out) and keeps the latest result, so that the dashboard and the metrics exporter do not
/// read every admission each time they look: reading costs one index query per 100 admissions and
/// one point read per admission, and is repeated at most once per <see cref="MaxAge"/>.
/// The client is the caller's: the standalone host has one for the process, a Functions app one
/// bound per invocation, and both keep one report (and so one cache) per process.
/// </summary>
internal sealed class QualityReport(TimeProvider clock)
{
    /// <summary>How old the figures may be before a reader triggers a new computation.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _computing = new(1, 1);
    private QualityFigures? _latest;

    /// <summary>The last computed figures, if any; never waits for storage.</summary>
    public QualityFigures? Latest => _latest;

    /// <summary>Figures no older than <paramref name="maxAge"/> (default <see cref="MaxAge"/>), computed now if needed.</summary>
    public async Task<QualityFigures> GetAsync(DurableTaskClient client, TimeSpan? maxAge = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var age = maxAge ?? MaxAge;
        if (Fresh(age) is { } fresh)
        {
            return fresh;
        }

        await _computing.WaitAsync(ct);
        try
        {
            return Fresh(age) ?? (_latest = await ComputeAsync(client, ct));
        }
        finally
        {
            _computing.Release();
        }
    }

    /// <summary>Starts a computation in the background when the figures are stale (for the metrics callbacks, which must not block).</summary>
    public void RefreshIfStale(DurableTaskClient client)
    {
        if (Fresh(MaxAge) is null && _computing.CurrentCount > 0)
        {
            _ = Task.Run(() => GetAsync(client));
        }
    }

    private QualityFigures? Fresh(TimeSpan maxAge) =>
        _latest is { } latest && clock.GetUtcNow() - latest.ComputedAt < maxAge ? latest : null;

    private async Task<QualityFigures> ComputeAsync(DurableTaskClient client, CancellationToken ct)
    {
        var views = new List<AdmissionView>();
        string? continuation = null;
        do
        {
            var page = await AdmissionInstances.PageAsync(client, new OrchestrationQuery { FetchInputsAndOutputs = true, ContinuationToken = continuation },
                ct);
            views.AddRange(page.Values
                .Where(instance => instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
                .Select(instance => instance.ReadCustomStatusAs<AdmissionView>())
                .OfType<AdmissionView>());
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return QualityFigures.From(views, clock.GetUtcNow());
    }
}
