using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Signals: replies relayed by phone lines, and the changes other systems send.</summary>
internal sealed partial class AdmissionEngine
{
    /// <summary>Applies a signal at <paramref name="now"/>; a repeated delivery (same id) changes nothing.</summary>
    public void Handle(AdmissionSignal signal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (state.Phase == AdmissionPhase.Discharged || !state.RememberSignal(signal.Id))
        {
            return;
        }

        switch (signal)
        {
            case ItemReply reply:
                HandleReply(reply, now);
                break;
            case AcknowledgeAlarm acknowledge:
                AcknowledgeOnDashboard(acknowledge, now);
                break;
            case ChangePlan change:
                Change(change, now);
                break;
            case PauseAdmission pause:
                Pause(pause, now);
                break;
            case ResumeAdmission:
                Resume(now);
                break;
            case DischargeNow discharge:
                EndEarly(discharge, now);
                break;
            case MedicationDelivered delivered:
                HandleDelivery(delivered, now);
                break;
            case RoundRecorded round:
                RecordRound(round, now);
                break;
        }

        Advance(now);
    }

    /// <summary>A ward round; past <see cref="RoundsPerDay"/> on one Danish date it is dropped, so the state stays bounded.</summary>
    private void RecordRound(RoundRecorded round, DateTimeOffset now)
    {
        var at = round.At ?? now;
        var day = DanishTime.DateOf(at);
        if (state.Rounds.Count(r => DanishTime.DateOf(r.At) == day) < RoundsPerDay)
        {
            state.Rounds.Add(new RoundRecord(at, round.Note));
        }
    }

    private void HandleReply(ItemReply reply, DateTimeOffset now)
    {
        if (state.Visits.FirstOrDefault(v => v.ItemId == reply.ItemId) is { } visit)
        {
            HandleVisitReply(visit, reply, now);
            return;
        }

        foreach (var ladder in Ladders())
        {
            if (ladder.Sent.FirstOrDefault(sent => sent.ItemId == reply.ItemId) is { } escalation)
            {
                if (reply.Confirmed && escalation.AcknowledgedAt is null)
                {
                    Acknowledge(ladder, escalation, reply.ReceivedAt, reply.Id);
                }

                return;
            }
        }
    }

    private void Change(ChangePlan change, DateTimeOffset now)
    {
        var effectiveFrom = state.NextDueAt ?? DosingSchedule.NextSlot(state.Dosing, now);
        state.PlanChanges.Add(new PlanChange(now, effectiveFrom, change.TimesPerDay, change.Dose, change.Drug, change.EndDate));
        state.Drug = change.Drug ?? state.Drug;
        state.Dose = change.Dose ?? state.Dose;
        if (change.TimesPerDay is { } timesPerDay && timesPerDay != state.Dosing.TimesPerDay)
        {
            // Effective from the next visit: it keeps its time; later visits follow the new plan.
            state.Dosing = effectiveFrom is { } from
                ? DosingSchedule.Rescheduled(state.Dosing, from, timesPerDay)
                : state.Dosing with { TimesPerDay = timesPerDay };
        }

        if (change.EndDate is { } endDate)
        {
            state.Dosing = state.Dosing with { EndsAt = DosingSchedule.EndOfLastDay(endDate) };
            if (state.NextDueAt is null && state.Phase == AdmissionPhase.Treatment)
            {
                var lastDue = state.Visits.Where(v => v.WasReminded).Select(v => v.DueAt).DefaultIfEmpty(now).Max();
                state.NextDueAt = DosingSchedule.NextSlot(state.Dosing, lastDue);
            }
        }

        if (state.NextDueAt is { } due && due >= state.Dosing.EndsAt)
        {
            state.NextDueAt = null;
        }
    }

    private void Pause(PauseAdmission pause, DateTimeOffset now)
    {
        if (state.Phase != AdmissionPhase.Treatment)
        {
            return;
        }

        state.Phase = AdmissionPhase.Paused;
        state.Pauses.Add(new PauseRecord(now, null, pause.Reason));
        state.NextDueAt = null;
        // No visits while paused: a reminded visit not yet due is called off.
        foreach (var visit in state.Visits.Where(v => v.State == VisitState.Reminded && v.DueAt > now))
        {
            Cancel(visit);
        }
    }

    private void Resume(DateTimeOffset now)
    {
        if (state.Phase != AdmissionPhase.Paused)
        {
            return;
        }

        state.Phase = AdmissionPhase.Treatment;
        state.Pauses[^1] = state.Pauses[^1] with { Until = now };
        // Visits restart from the next slot of the same grid.
        state.NextDueAt = DosingSchedule.NextSlot(state.Dosing, now);
    }

    private void EndEarly(DischargeNow discharge, DateTimeOffset now)
    {
        state.DischargeReason = discharge.Reason ?? "Udskrevet før planlagt";
        state.NextDueAt = null;
        // A visit not yet due is called off; one already due and unconfirmed stays so (missed in the letter).
        foreach (var visit in state.Visits.Where(v => v.State == VisitState.Reminded && v.DueAt > now))
        {
            Cancel(visit);
        }

        // Running ladders stop sending. They are not resolved: nobody confirmed or acknowledged anything.
        foreach (var ladder in Ladders().Where(l => l.IsActive))
        {
            CloseOpenItems(ladder);
        }

        state.Phase = AdmissionPhase.Discharging;
    }

    private void Cancel(Visit visit)
    {
        visit.State = VisitState.Cancelled;
        Send(new CloseSmsItem(visit.AssigneePhone, visit.ItemId));
        if (visit.Escalation is { } ladder)
        {
            CloseOpenItems(ladder);
        }
    }
}
