using System.Globalization;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Dashboard.Today;

/// <summary>
/// The today board as HTML, in Danish (its users are the eHospital's nurses): one table per
/// urgency, rows in time order; each row the time, the patient's initials, municipality, drug and
/// dose, who gives it, its state, who was alarmed and when, and — while the alarm needs a person —
/// a button that acknowledges it.
/// </summary>
internal static class TodayBoardHtml
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public static Html Render(HttpContext http, TodayBoard board, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(board);
        var admin = http.User.IsInRole(Auth.Roles.Admin);
        var token = DashboardLayout.AntiforgeryField(http);
        var dueToday = board.Visits.Count(v => DanishTime.DateOf(v.Visit.DueAt) == board.Day);
        return Html.Of($"""
            <p class="board-meta" id="board-meta">{board.Day.ToString("dddd d. MMMM yyyy", Danish)} · {board.Admissions} indlæggelser · {dueToday} besøg i dag · status kl. {Clock(now)}</p>
            {Group("needs-person", "Kræver handling", "Åbne alarmer og uafklarede besøg.", board.Visits.Where(v => v.Urgency == BoardUrgency.NeedsAPerson), board.Day, now, admin, token)}
            {OrderAlarms(board.OrderAlarms, admin, token)}
            {Group("reminded", "Forsinkede og påmindede", "Påmindelsen er sendt, bekræftelsen mangler.", board.Visits.Where(v => v.Urgency is BoardUrgency.Late or BoardUrgency.Reminded), board.Day, now, admin, token)}
            {Group("rest", "Resten af dagen", "Planlagte, givne og aflyste besøg.", board.Visits.Where(v => v.Urgency == BoardUrgency.Rest), board.Day, now, admin, token)}
            """);
    }

    private static Html Group(string id, string title, string hint, IEnumerable<BoardVisit> visits, NodaTime.LocalDate day, DateTimeOffset now, bool admin, Html token)
    {
        var rows = visits.Select(v => Row(v, day, now, admin, token)).ToList();
        return Html.Of($"""
            <section class="board-group board-{id}" aria-labelledby="board-{id}-title">
              <h2 id="board-{id}-title">{title} <span class="count">({rows.Count})</span></h2>
              {(rows.Count == 0
                  ? Html.Of($"""<p class="empty">Ingen.</p>""")
                  : Html.Of($"""
                      <table class="board" id="board-{id}">
                        <caption class="muted">{hint}</caption>
                        <thead><tr><th>Tid</th><th>Patient</th><th>Kommune</th><th>Præparat og dosis</th><th>Gives af</th><th>Status</th><th>Alarm</th><th></th></tr></thead>
                        <tbody>{rows}</tbody>
                      </table>
                      """))}
            </section>
            """);
    }

    private static Html Row(BoardVisit row, NodaTime.LocalDate day, DateTimeOffset now, bool admin, Html token)
    {
        var visit = row.Visit;
        var late = row.Urgency == BoardUrgency.Late;
        return Html.Of($"""
            <tr class="state-{visit.State}{(late ? " late" : "")}" data-admission="{row.AdmissionId}" data-visit="{visit.Number}" data-state="{visit.State}" data-urgency="{row.Urgency.ToString().ToLowerInvariant()}">
              <td class="time">{When(visit.DueAt, day)}</td>
              <td>{Patient(row.AdmissionId, row.Patient, admin)}</td>
              <td>{row.Patient.Municipality}</td>
              <td>{visit.Drug} {visit.Dose}</td>
              <td>{Assignee(visit.Assignee)}</td>
              <td><span class="swatch state-{visit.State}"></span>{(late ? "Forsinket" : State(visit.State))}</td>
              <td class="alarm">{Alarm(visit.Alarm, visit.Escalations, day)}</td>
              <td>{Acknowledge(row.AdmissionId, visit.Alarm, token)}</td>
            </tr>
            """);
    }

    private static Html OrderAlarms(IReadOnlyList<BoardOrderAlarm> alarms, bool admin, Html token)
    {
        if (alarms.Count == 0)
        {
            return Html.Empty;
        }

        var rows = alarms.Select(a => Html.Of($"""
            <tr data-admission="{a.AdmissionId}" data-order="{a.Order.Order}">
              <td class="time">{DanishTime.Normalise(a.Order.DeliverBy).ToString("dd.MM. HH:mm", CultureInfo.InvariantCulture)}</td>
              <td>{Patient(a.AdmissionId, a.Patient, admin)}</td>
              <td>{a.Patient.Municipality}</td>
              <td>{a.Drug}</td>
              <td>Medicinbestilling {a.Order.Order} ikke leveret</td>
              <td class="alarm">{AlarmState(a.Order.Alarm)}</td>
              <td>{Acknowledge(a.AdmissionId, a.Order.Alarm, token)}</td>
            </tr>
            """));
        return Html.Of($"""
            <section class="board-group board-medicine" aria-labelledby="board-medicine-title">
              <h2 id="board-medicine-title">Medicin ikke leveret <span class="count">({alarms.Count})</span></h2>
              <table class="board" id="board-medicine">
                <thead><tr><th>Slipper op</th><th>Patient</th><th>Kommune</th><th>Præparat</th><th>Hvad</th><th>Alarm</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
              </table>
            </section>
            """);
    }

    private static Html Patient(string admissionId, ViewPatient patient, bool admin) => admin
        ? Html.Of($"""<a href="{AdmissionPage.Link(admissionId)}" title="Indlæggelse {admissionId}">{patient.Initials}</a>""")
        : Html.Of($"""<span title="Indlæggelse {admissionId}">{patient.Initials}</span>""");

    private static Html Alarm(ViewAlarm? alarm, IReadOnlyList<ViewEscalation> escalations, NodaTime.LocalDate day)
    {
        if (alarm is null)
        {
            return Html.Empty;
        }

        var texted = escalations.Select(e => Html.Of($"""<li>{Role(e.Role)} {When(e.At, day)}{(e.AcknowledgedAt is { } at ? $", svarede {Clock(at)}" : "")}</li>"""));
        return Html.Of($"""{AlarmState(alarm)}<ul class="texted">{texted}</ul>""");
    }

    private static Html AlarmState(ViewAlarm alarm) => alarm.State switch
    {
        "open" => Html.Raw("""<strong class="alarm-open">Åben</strong>"""),
        "unresolved" => Html.Raw("""<strong class="alarm-unresolved">Uafklaret, ingen flere SMS</strong>"""),
        "acknowledged" => Html.Of($"""<span class="alarm-done">Kvitteret {Clock(alarm.AcknowledgedAt)}{(alarm.AcknowledgedBy is { } by ? $" ({By(by)})" : "")}</span>"""),
        _ => Html.Raw("""<span class="alarm-done">Løst</span>"""),
    };

    private static Html Acknowledge(string admissionId, ViewAlarm? alarm, Html token) => alarm is { NeedsAPerson: true }
        ? Html.Of($"""
            <form method="post" action="{TodayBoardPage.AcknowledgePath}" class="acknowledge">{token}
              <input type="hidden" name="admission" value="{admissionId}">
              <input type="hidden" name="alarm" value="{alarm.Id}">
              <button type="submit">Kvittér</button>
            </form>
            """)
        : Html.Empty;

    private static string When(DateTimeOffset instant, NodaTime.LocalDate day) =>
        DanishTime.DateOf(instant) == day ? Clock(instant) : DanishTime.Normalise(instant).ToString("dd.MM. HH:mm", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset? instant) =>
        instant is { } value ? DanishTime.Normalise(value).ToString("HH:mm", CultureInfo.InvariantCulture) : "";

    private static string By(string by) =>
        by.StartsWith("sms:", StringComparison.Ordinal) ? $"SMS fra {Role(by[4..])}"
        : by.StartsWith("key:", StringComparison.Ordinal) ? by[4..]
        : by;

    private static string Role(string role) => role switch
    {
        "eNurse" => "eSygeplejerske",
        "eDoctor" => "eLæge",
        "mobileUnit" => "MBE",
        "homeNursing" => "hjemmesygeplejen",
        _ => role,
    };

    private static string Assignee(string assignee) => assignee switch
    {
        "mobileUnit" => "MBE",
        "homeNursing" => "Hjemmesygeplejen",
        _ => assignee,
    };

    private static string State(string state) => state switch
    {
        "scheduled" => "Planlagt",
        "reminded" => "Påmindet",
        "confirmed" => "Givet",
        "confirmedLate" => "Givet for sent",
        "notGiven" => "Ikke givet",
        "missed" => "Ikke bekræftet",
        "unresolved" => "Uafklaret",
        "cancelled" => "Aflyst",
        _ => state,
    };
}
