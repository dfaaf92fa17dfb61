using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>The work's progress at each report, with the share of one core Azurite used since the previous one.</summary>
internal sealed class ProgressTimeline(int azuritePid)
{
    private readonly List<ProgressPoint> _points = [];
    private double? _lastCpu = ProcessTreeCpu.Seconds(azuritePid);
    private TimeSpan _lastAt;

    public IReadOnlyList<ProgressPoint> Points => _points;

    public ProgressPoint Add(TimeSpan elapsed, long finished, long observed, long requests)
    {
        var cpu = ProcessTreeCpu.Seconds(azuritePid);
        var percent = cpu is { } now && _lastCpu is { } before && elapsed > _lastAt
            ? Math.Round((now - before) / (elapsed - _lastAt).TotalSeconds * 100)
            : (double?)null;
        _lastCpu = cpu;
        _lastAt = elapsed;
        var point = new ProgressPoint(Math.Round(elapsed.TotalSeconds, 1), finished, observed, requests, percent);
        _points.Add(point);
        return point;
    }
}

/// <summary>One progress report: seconds into the work, admissions finished, confirmations observed, this process's storage requests so far, Azurite's CPU (% of one core) since the previous report.</summary>
internal sealed record ProgressPoint(double Seconds, long Finished, long Observed, long Requests, double? AzuriteCpuPercent);
