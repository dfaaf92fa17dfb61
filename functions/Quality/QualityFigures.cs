using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Quality;

/// <summary>
/// The unit's quality figures, computed from the admissions' read models: what became of the
/// doses that were due, how often nurses' silence or a NEJ had to be escalated per 100 bed-days,
/// and how fast the eHospital acknowledged an escalation.
/// </summary>
/// <param name="Admissions">Admissions counted.</param>
/// <param name="BedDays">Days in home admission: from the first dose to discharge (or now while admitted).</param>
/// <param name="DosesOnTime">Confirmed given inside the window.</param>
/// <param name="DosesLate">Confirmed given after the window closed.</param>
/// <param name="DosesNotGiven">Answered NEJ.</param>
/// <param name="DosesMissed">Never confirmed (missed, or escalated and left unresolved).</param>
/// <param name="Escalations">Doses that were escalated (each counted once, whatever its highest level).</param>
/// <param name="EscalationsPer100BedDays">Escalations per 100 bed-days; null without bed-days.</param>
/// <param name="MedianMinutesToAcknowledge">Median minutes from an escalation's first alarm to its acknowledgement; null when none was acknowledged.</param>
/// <param name="ComputedAt">When, by the product's clock.</param>
internal sealed record QualityFigures(
    int Admissions,
    double BedDays,
    int DosesOnTime,
    int DosesLate,
    int DosesNotGiven,
    int DosesMissed,
    int Escalations,
    double? EscalationsPer100BedDays,
    double? MedianMinutesToAcknowledge,
    DateTimeOffset ComputedAt)
{
    public static QualityFigures From(IReadOnlyCollection<AdmissionView> admissions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(admissions);
        var visits = admissions.SelectMany(a => a.Visits).ToList();
        var escalated = visits.Where(v => v.Escalations.Count > 0).ToList();
        var acknowledged = escalated
            .Select(v => (First: v.Escalations.Min(e => e.At), Acknowledged: v.Escalations.Min(e => e.AcknowledgedAt)))
            .Where(e => e.Acknowledged is not null)
            .Select(e => (e.Acknowledged!.Value - e.First).TotalMinutes)
            .ToList();
        var bedDays = admissions.Sum(a => BedDaysOf(a, now));
        return new QualityFigures(
            admissions.Count,
            Math.Round(bedDays, 2),
            visits.Count(v => v.State == "confirmed"),
            visits.Count(v => v.State == "confirmedLate"),
            visits.Count(v => v.State == "notGiven"),
            visits.Count(v => v.State is "missed" or "unresolved"),
            escalated.Count,
            bedDays > 0 ? Math.Round(escalated.Count * 100 / bedDays, 2) : null,
            Median(acknowledged),
            now);
    }

    private static double BedDaysOf(AdmissionView admission, DateTimeOffset now)
    {
        if (admission.Visits.Count == 0)
        {
            return 0;
        }

        var admitted = admission.Visits.Min(v => v.DueAt);
        var until = admission.Discharge.At ?? now;
        return until > admitted ? (until - admitted).TotalDays : 0;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return Math.Round(values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2, 1);
    }
}
