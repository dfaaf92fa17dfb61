using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Workflow;
using NodaTime;

namespace HaH.Orchestration.Functions.Dashboard.Today;

/// <summary>
/// The eHospital nurse's day across every running admission: each visit due today (Danish local
/// date), and any visit or medicine order whose alarm still needs a person whatever its day,
/// ordered by what needs a person first (<see cref="BoardUrgency"/>), then by time. Built from the
/// admissions' views alone, so it costs no history reads.
/// </summary>
internal sealed record TodayBoard(LocalDate Day, IReadOnlyList<BoardVisit> Visits, IReadOnlyList<BoardOrderAlarm> OrderAlarms, int Admissions)
{
    public static TodayBoard From(IEnumerable<(string AdmissionId, AdmissionView View)> admissions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(admissions);
        var day = DanishTime.DateOf(now);
        var visits = new List<BoardVisit>();
        var orderAlarms = new List<BoardOrderAlarm>();
        var count = 0;
        foreach (var (id, view) in admissions)
        {
            count++;
            foreach (var visit in view.Visits)
            {
                var urgency = UrgencyOf(visit, now);
                if (urgency == BoardUrgency.NeedsAPerson || DanishTime.DateOf(visit.DueAt) == day)
                {
                    visits.Add(new BoardVisit(id, view.Patient, visit, urgency));
                }
            }

            orderAlarms.AddRange(view.Medication.Alarms
                .Where(order => order.Alarm.NeedsAPerson)
                .Select(order => new BoardOrderAlarm(id, view.Patient, view.Treatment.Drug, order)));
        }

        return new TodayBoard(
            day,
            [.. visits.OrderBy(v => v.Urgency).ThenBy(v => v.Visit.DueAt).ThenBy(v => v.AdmissionId, StringComparer.Ordinal).ThenBy(v => v.Visit.Number)],
            [.. orderAlarms.OrderBy(o => o.Order.DeliverBy).ThenBy(o => o.AdmissionId, StringComparer.Ordinal)],
            count);
    }

    /// <summary>Open alarms and unresolved visits first; then visits reminded and not yet confirmed (late ones, due already, first by time); then the rest.</summary>
    public static BoardUrgency UrgencyOf(ViewVisit visit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (visit.Alarm is { NeedsAPerson: true })
        {
            return BoardUrgency.NeedsAPerson;
        }

        return visit.State == "reminded" ? (visit.DueAt <= now ? BoardUrgency.Late : BoardUrgency.Reminded) : BoardUrgency.Rest;
    }
}

/// <summary>The board's order: what needs a person first.</summary>
internal enum BoardUrgency
{
    /// <summary>An open escalation, or one that ended unresolved.</summary>
    NeedsAPerson,

    /// <summary>Reminded, due already, not confirmed yet.</summary>
    Late,

    /// <summary>Reminded, not due yet.</summary>
    Reminded,

    /// <summary>Planned, given, not given with the alarm handled, called off.</summary>
    Rest,
}

/// <summary>One row of the board: a visit of an admission.</summary>
internal sealed record BoardVisit(string AdmissionId, ViewPatient Patient, ViewVisit Visit, BoardUrgency Urgency);

/// <summary>A medicine order whose alarm needs a person.</summary>
internal sealed record BoardOrderAlarm(string AdmissionId, ViewPatient Patient, string Drug, ViewOrderAlarm Order);
