using HaH.Orchestration.Functions.Admissions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using System.Security.Cryptography;
using System.Text;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Dashboard.Today;

/// <summary>
/// The views of every unfinished admission, for the today board. Reading them costs one query of
/// the instance index per 1,000 admissions and one point read of each admission's state row (the
/// view is its custom status; a view over 30,000 characters adds one blob read) — never a history
/// read. One read serves every open board for <paramref name="refreshInterval"/>
/// (<see cref="DashboardOptions.BoardRefreshSeconds"/>), and nothing is read while no board asks.
/// The interval runs on the wall clock, also when the workflows run on the virtual one.
/// </summary>
internal sealed class RunningAdmissionViews(DurableTaskClient client, TimeSpan refreshInterval, TimeProvider wallClock)
{
    /// <summary>How long one read serves every board.</summary>
    public TimeSpan RefreshInterval => refreshInterval;

    /// <summary>Point reads in flight at once: enough to read 50 admissions in a few round trips without crowding the worker's requests.</summary>
    private const int ReadsInFlight = 8;

    private static readonly OrchestrationRuntimeStatus[] Unfinished =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    private readonly SemaphoreSlim _reading = new(1, 1);
    private AdmissionViews? _last;

    /// <summary>The views as read at most <see cref="RefreshInterval"/> ago.</summary>
    public async Task<AdmissionViews> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_last) is { } fresh)
        {
            return fresh;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited behind the reader takes its result.
            return Fresh(_last) ?? (_last = await ReadAsync(cancellationToken));
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Forget the last read: after an action on the board, the next look reads again.</summary>
    public void Invalidate() => _last = null;

    private AdmissionViews? Fresh(AdmissionViews? views) =>
        views is not null && wallClock.GetUtcNow() - views.ReadAt < RefreshInterval ? views : null;

    private async Task<AdmissionViews> ReadAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await AdmissionInstances.PageAsync(client, new OrchestrationQuery { Statuses = Unfinished, PageSize = 1000, ContinuationToken = continuation },
                cancellationToken);
            ids.AddRange(page.Values.Select(instance => instance.InstanceId));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        var instances = new OrchestrationMetadata?[ids.Count];
        await Parallel.ForAsync(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken }, async (i, ct) =>
            instances[i] = await client.GetInstanceAsync(ids[i], getInputsAndOutputs: false, ct));

        var views = new List<(string, AdmissionView)>();
        using var version = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var instance in instances)
        {
            // An admission that has not taken its first step has no view yet: nothing to show.
            if (instance is not null && AdmissionPage.ViewOf(instance) is { } view)
            {
                views.Add((instance.InstanceId, view));
                version.AppendData(Encoding.UTF8.GetBytes(instance.InstanceId));
                version.AppendData(Encoding.UTF8.GetBytes(instance.SerializedCustomStatus ?? ""));
            }
        }

        return new AdmissionViews(wallClock.GetUtcNow(), views, Convert.ToHexString(version.GetHashAndReset())[..16]);
    }
}

/// <summary>What one read found: the views by admission id, and a version that changes when any of them does.</summary>
internal sealed record AdmissionViews(DateTimeOffset ReadAt, IReadOnlyList<(string AdmissionId, AdmissionView View)> Admissions, string Version);
