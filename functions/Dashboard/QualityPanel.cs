using System.Globalization;
using HaH.Orchestration.Functions.Quality;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>The unit's quality figures on the overview (the same figures as <c>GET /api/quality</c>, at most 5 minutes old).</summary>
internal static class QualityPanel
{
    public static Html Render(QualityFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var due = figures.DosesOnTime + figures.DosesLate + figures.DosesNotGiven + figures.DosesMissed;
        return Html.Of($"""
            <h2>Quality</h2>
            <dl class="quality-figures">
              {Figure("doses-on-time", "Doses on time", Share(figures.DosesOnTime, due))}
              {Figure("doses-late", "Doses late", Share(figures.DosesLate, due))}
              {Figure("doses-not-given", "Doses not given", Share(figures.DosesNotGiven, due))}
              {Figure("doses-missed", "Doses missed", Share(figures.DosesMissed, due))}
              {Figure("escalations-rate", "Escalations per 100 bed-days", figures.EscalationsPer100BedDays?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–")}
              {Figure("acknowledge-median", "Median time to acknowledge", figures.MedianMinutesToAcknowledge is { } minutes ? $"{minutes.ToString("0", CultureInfo.InvariantCulture)} min" : "–")}
              {Figure("bed-days", "Bed-days", figures.BedDays.ToString("0.0", CultureInfo.InvariantCulture))}
            </dl>
            <p class="muted">{figures.Admissions} admissions, computed {figures.ComputedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.</p>
            """);
    }

    private static Html Figure(string id, string label, string value) =>
        Html.Of($"""<div class="figure" id="{id}"><dt>{label}</dt><dd>{value}</dd></div>""");

    private static string Share(int count, int of) =>
        of == 0 ? "0" : $"{count} ({(100.0 * count / of).ToString("0", CultureInfo.InvariantCulture)} %)";
}
