using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// The plan ahead: every dose of the coming <see cref="PlanningHorizon"/> is a visit in state
/// <see cref="VisitState.Scheduled"/> from the moment it is planned, so an integrating system and
/// the eHospital see what is coming. Plan changes, pauses and discharge keep these visits equal to
/// the doses still due: a scheduled visit no longer due is cancelled (it keeps its number, so
/// whoever tracked it sees what became of it), a new dose gets a new visit.
/// </summary>
internal sealed partial class AdmissionEngine
{
    /// <summary>
    /// How far ahead visits are planned: a week, a home nursing group's planning week. It bounds
    /// the state for long admissions (at most 28 scheduled visits at 4 a day); the view says how
    /// many doses lie beyond it.
    /// </summary>
    public static readonly TimeSpan PlanningHorizon = TimeSpan.FromDays(7);

    /// <summary>Makes the scheduled visits the doses due from the next one until the horizon.</summary>
    private void PlanVisits(DateTimeOffset now)
    {
        var until = now + PlanningHorizon;
        var due = DosesAhead(until).ToList();
        foreach (var visit in state.Visits.Where(v => v.State == VisitState.Scheduled))
        {
            if (!due.Remove(visit.DueAt))
            {
                // Never reminded, so no SMS item to close.
                visit.State = VisitState.Cancelled;
            }
        }

        foreach (var dueAt in due)
        {
            // A dose called off while only planned and due again (a pause ended before it) keeps its number.
            var calledOff = state.Visits.FirstOrDefault(v => v.State == VisitState.Cancelled && !v.WasReminded && v.DueAt == dueAt);
            if (calledOff is not null)
            {
                calledOff.State = VisitState.Scheduled;
            }
            else
            {
                AddVisit(dueAt);
            }
        }

        FollowPlan();
        state.PlannedUntil = state.Phase == AdmissionPhase.Treatment && state.NextDueAt is not null ? until : null;
    }

    /// <summary>Calls off every scheduled visit: the admission ends before them.</summary>
    private void CancelScheduledVisits()
    {
        foreach (var visit in state.Visits.Where(v => v.State == VisitState.Scheduled))
        {
            visit.State = VisitState.Cancelled;
        }

        state.PlannedUntil = null;
    }

    /// <summary>The scheduled visit for a dose, planned now if the horizon had not reached it yet.</summary>
    private Visit ScheduledVisitAt(DateTimeOffset dueAt) =>
        state.Visits.FirstOrDefault(v => v.State == VisitState.Scheduled && v.DueAt == dueAt) ?? AddVisit(dueAt);

    /// <summary>
    /// The doses still to be reminded, in order, before <paramref name="until"/>: exactly the
    /// sequence the reminders follow (the next due time, then the grid's next slot after each).
    /// </summary>
    private IEnumerable<DateTimeOffset> DosesAhead(DateTimeOffset until)
    {
        if (state.Phase != AdmissionPhase.Treatment)
        {
            yield break;
        }

        for (var due = state.NextDueAt; due is { } at && at < until; due = DosingSchedule.NextSlot(state.Dosing, at))
        {
            yield return at;
        }
    }

    private Visit AddVisit(DateTimeOffset dueAt)
    {
        var visit = new Visit
        {
            Number = state.Visits.Count + 1,
            DueAt = dueAt,
            Assignee = CareRole.HomeNursing,
            AssigneePhone = state.Plan.CareTeam.HomeNursing.Phone,
            Drug = state.Drug,
            Dose = state.Dose,
            Window = WindowFor(state.Dosing.TimesPerDay),
        };
        state.Visits.Add(visit);
        FollowPlan();
        return visit;
    }

    /// <summary>
    /// Scheduled visits follow the plan as it stands (a changed dose or drug, a new window), and the
    /// first dose goes to the mobile unit, later ones to the home nursing group: while no dose has
    /// been due yet (none reminded, or the reminded one was called off), the earliest scheduled
    /// visit is the mobile unit's.
    /// </summary>
    private void FollowPlan()
    {
        var firstDoseTaken = state.Visits.Any(v => v.WasReminded && v.State != VisitState.Cancelled);
        var scheduled = state.Visits.Where(v => v.State == VisitState.Scheduled).OrderBy(v => v.DueAt).ToList();
        for (var i = 0; i < scheduled.Count; i++)
        {
            var visit = scheduled[i];
            var (role, contact) = i == 0 && !firstDoseTaken
                ? (CareRole.MobileUnit, state.Plan.CareTeam.MobileUnit)
                : (CareRole.HomeNursing, state.Plan.CareTeam.HomeNursing);
            visit.Assignee = role;
            visit.AssigneePhone = contact.Phone;
            visit.Drug = state.Drug;
            visit.Dose = state.Dose;
            visit.Window = WindowFor(state.Dosing.TimesPerDay);
        }
    }
}
