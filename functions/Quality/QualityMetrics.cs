using System.Diagnostics.Metrics;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Quality;

/// <summary>
/// The quality figures as OpenTelemetry gauges (meter <see cref="MeterName"/>). Observing them
/// reports the latest figures and refreshes them in the background when stale, so an exporter's
/// collection never waits for storage and nothing is read while no exporter collects.
/// </summary>
internal sealed class QualityMetrics : IDisposable
{
    public const string MeterName = "HaH.Orchestration.Quality";

    private readonly Meter _meter;

    public QualityMetrics(IMeterFactory meters, QualityReport report, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(client);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("hah.quality.doses", () => Doses(report, client), "{dose}", "Doses by outcome, over the admissions held");
        _meter.CreateObservableGauge("hah.quality.bed_days", () => Observe(report, client, f => f.BedDays), "d", "Days in home admission");
        _meter.CreateObservableGauge("hah.quality.escalations_per_100_bed_days", () => Observe(report, client, f => f.EscalationsPer100BedDays), "{escalation}", "Escalated doses per 100 bed-days");
        _meter.CreateObservableGauge("hah.quality.escalation_acknowledge_median", () => Observe(report, client, f => f.MedianMinutesToAcknowledge), "min", "Median time from an escalation's first alarm to its acknowledgement");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<double>> Observe(QualityReport report, DurableTaskClient client, Func<QualityFigures, double?> figure)
    {
        report.RefreshIfStale(client);
        return report.Latest is { } latest && figure(latest) is { } value ? [new Measurement<double>(value)] : [];
    }

    private static IEnumerable<Measurement<int>> Doses(QualityReport report, DurableTaskClient client)
    {
        report.RefreshIfStale(client);
        if (report.Latest is not { } f)
        {
            return [];
        }

        return
        [
            new(f.DosesOnTime, new KeyValuePair<string, object?>("outcome", "onTime")),
            new(f.DosesLate, new KeyValuePair<string, object?>("outcome", "late")),
            new(f.DosesNotGiven, new KeyValuePair<string, object?>("outcome", "notGiven")),
            new(f.DosesMissed, new KeyValuePair<string, object?>("outcome", "missed")),
        ];
    }
}
