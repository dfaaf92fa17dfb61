using System.Globalization;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using NodaTime;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The visits as a picture: an inline SVG with one row per Danish calendar day and a 24-hour axis;
/// each visit is a dot at its local due time, coloured by its state (CSS classes
/// <c>state-{state}</c>), each escalation a triangle at the time it was sent, and a line at "now".
/// Across a daylight-saving change the dots move an hour on the clock, as the doses do.
/// </summary>
internal static class VisitTimeline
{
    /// <summary>Every visit state, in the legend's order (api.md).</summary>
    public static readonly IReadOnlyList<string> States = ["scheduled", "reminded", "confirmed", "confirmedLate", "notGiven", "missed", "unresolved", "cancelled"];

    private const double Left = 118;
    private const double PlotWidth = 864;
    private const double Right = 14;
    private const double AxisHeight = 24;
    private const double RowHeight = 30;
    private const int MaxDays = 120;

    public static Html Render(AdmissionView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        // Visits are planned a week ahead: the rows run on to the planned end (and "now" while it
        // lasts), so the picture spans the whole admission from the start.
        var instants = view.Visits.SelectMany(v => v.Escalations.Select(e => e.At).Append(v.DueAt).Concat(v.ConfirmedAt is { } c ? [c] : [])).ToList();
        if (view.Treatment.EndsAt is { } ends && view.Phase is not "Discharged")
        {
            instants.Add(ends);
            if (now < ends)
            {
                instants.Add(now);
            }
        }

        if (instants.Count == 0)
        {
            return Html.Raw("""<p class="empty">No visits yet.</p>""");
        }

        var first = DanishTime.DateOf(instants.Min());
        var last = DanishTime.DateOf(instants.Max());
        var dayCount = Math.Min(MaxDays, Period.Between(first, last, PeriodUnits.Days).Days + 1);
        var height = AxisHeight + (dayCount * RowHeight) + 2;
        var rowOf = (DateTimeOffset instant) => Period.Between(first, DanishTime.DateOf(instant), PeriodUnits.Days).Days;
        var shown = (DateTimeOffset instant) => rowOf(instant) is var row && row >= 0 && row < dayCount;

        var parts = new List<Html>();
        for (var day = 0; day < dayCount; day++)
        {
            var date = first.PlusDays(day);
            parts.Add(Html.Of($"""<g class="day" data-date="{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"><rect class="day-row {(day % 2 == 0 ? "even" : "odd")}" x="0" y="{Y(day):0.#}" width="{Left + PlotWidth:0.#}" height="{RowHeight:0.#}"/><text class="day-label" x="6" y="{Mid(day) + 4:0.#}">{date.ToString("ddd dd MMM", CultureInfo.InvariantCulture)}</text></g>"""));
        }

        for (var hour = 0; hour <= 24; hour++)
        {
            var x = Left + (hour * PlotWidth / 24);
            parts.Add(Html.Of($"""<line class="grid{(hour % 6 == 0 ? " major" : "")}" x1="{x:0.#}" x2="{x:0.#}" y1="{AxisHeight - 4:0.#}" y2="{height:0.#}"/>"""));
            if (hour % 3 == 0)
            {
                parts.Add(Html.Of($"""<text class="hour" x="{x:0.#}" y="{AxisHeight - 8:0.#}">{hour:00}</text>"""));
            }
        }

        if (shown(now))
        {
            var row = rowOf(now);
            parts.Add(Html.Of($"""<line class="now" x1="{X(now):0.#}" x2="{X(now):0.#}" y1="{Y(row) + 1:0.#}" y2="{Y(row) + RowHeight - 1:0.#}"><title>Now, {Clock(now)}</title></line>"""));
        }

        foreach (var visit in view.Visits.Where(v => shown(v.DueAt)))
        {
            var row = rowOf(visit.DueAt);
            if (visit.ConfirmedAt is { } confirmed && shown(confirmed))
            {
                var confirmedRow = rowOf(confirmed);
                if (confirmedRow == row)
                {
                    parts.Add(Html.Of($"""<line class="confirm-link" x1="{X(visit.DueAt):0.#}" x2="{X(confirmed):0.#}" y1="{Mid(row):0.#}" y2="{Mid(row):0.#}"/>"""));
                }

                parts.Add(Html.Of($"""<line class="confirmation" x1="{X(confirmed):0.#}" x2="{X(confirmed):0.#}" y1="{Mid(confirmedRow) - 7:0.#}" y2="{Mid(confirmedRow) + 7:0.#}"><title>Visit {visit.Number} confirmed at {Clock(confirmed)}</title></line>"""));
            }

            parts.Add(Html.Of($"""
                <g class="visit state-{visit.State}" data-visit="{visit.Number}" data-state="{visit.State}" data-due="{visit.DueAt:yyyy-MM-ddTHH:mm:sszzz}"><title>{Describe(visit)}</title><circle cx="{X(visit.DueAt):0.#}" cy="{Mid(row):0.#}" r="9"/><text class="visit-number" x="{X(visit.DueAt):0.#}" y="{Mid(row) + 3.5:0.#}">{visit.Number}</text></g>
                """));

            foreach (var escalation in visit.Escalations.Where(e => shown(e.At)))
            {
                var x = X(escalation.At);
                var top = Y(rowOf(escalation.At)) + 1;
                parts.Add(Html.Of($"""<polygon class="escalation level-{escalation.Level}{(escalation.AcknowledgedAt is null ? "" : " acknowledged")}" data-visit="{visit.Number}" points="{x - 5:0.#},{top:0.#} {x + 5:0.#},{top:0.#} {x:0.#},{top + 8:0.#}"><title>Visit {visit.Number}: escalation level {escalation.Level} to {escalation.Role} at {Clock(escalation.At)}{(escalation.AcknowledgedAt is { } ack ? $", acknowledged {Clock(ack)}" : ", not acknowledged")}</title></polygon>"""));
            }
        }

        var truncated = Period.Between(first, last, PeriodUnits.Days).Days + 1 > MaxDays;
        return Html.Of($"""
            <figure class="timeline">
              <svg class="timeline" id="visit-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Left + PlotWidth + Right:0.#} {height:0.#}" role="img" aria-label="Visits by day, Danish local time, {view.Visits.Count} visits">
                {parts}
              </svg>
              {PlanningNotice(view.Planning)}
              {Html.When(truncated, DashboardLayout.Notice("info", $"The picture shows the first {MaxDays} days; the table below lists every visit."))}
              <figcaption>{Legend()}</figcaption>
            </figure>
            """);
    }

    /// <summary>The visits as a table, for reading exact times (folded away under the picture).</summary>
    public static Html Table(AdmissionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rows = view.Visits.Select(visit => Html.Of($"""
            <tr class="state-{visit.State}"><td class="num">{visit.Number}</td><td>{DashboardLayout.LocalText(visit.DueAt)}</td><td>{visit.Assignee}</td><td><span class="swatch state-{visit.State}"></span>{visit.State}</td><td>{DashboardLayout.LocalText(visit.ConfirmedAt)}</td><td>{visit.NotGivenReason}</td><td>{string.Join("; ", visit.Escalations.Select(e => $"level {e.Level} {e.Role} {Clock(e.At)}{(e.AcknowledgedAt is { } ack ? $" (ack. {Clock(ack)})" : "")}"))}</td></tr>
            """));
        return Html.Of($"""
            <details class="visit-table">
              <summary>Visits as a table ({view.Visits.Count})</summary>
              <table><thead><tr><th>#</th><th>Due</th><th>Assignee</th><th>State</th><th>Confirmed</th><th>Not given because</th><th>Escalations</th></tr></thead><tbody>{rows}</tbody></table>
            </details>
            """);
    }

    private static Html PlanningNotice(ViewPlanning planning) => planning is { PlannedUntil: { } until, DosesAfter: > 0 }
        ? DashboardLayout.Notice("info", $"Visits are planned a week ahead: {planning.DosesAfter} more dose(s) follow after {Clock(until)} under the current plan.")
        : Html.Empty;

    private static Html Legend() => Html.Of($"""
        <ul class="legend">
          {States.Select(state => Html.Of($"""<li><span class="swatch state-{state}"></span>{state}</li>"""))}
          <li><span class="swatch escalation-mark"></span>escalation sent</li>
          <li><span class="swatch confirmation-mark"></span>confirmation received</li>
          <li><span class="swatch now-mark"></span>now</li>
        </ul>
        """);

    private static string Describe(ViewVisit visit) =>
        $"Visit {visit.Number} due {Clock(visit.DueAt)} ({visit.Assignee}): {visit.State}"
        + (visit.ConfirmedAt is { } at ? $", confirmed {Clock(at)}" : "")
        + (visit.NotGivenReason is { } reason ? $", not given: {reason}" : "")
        + (visit.Escalations.Count > 0 ? $", {visit.Escalations.Count} escalation(s)" : "");

    private static string Clock(DateTimeOffset instant) => DanishTime.ToZoned(instant).ToString("ddd dd MMM HH:mm", CultureInfo.InvariantCulture);

    private static double X(DateTimeOffset instant) =>
        Left + (DanishTime.ToZoned(instant).TimeOfDay.TickOfDay / (double)NodaConstants.TicksPerDay * PlotWidth);

    private static double Y(int row) => AxisHeight + (row * RowHeight);

    private static double Mid(int row) => Y(row) + (RowHeight / 2);
}
