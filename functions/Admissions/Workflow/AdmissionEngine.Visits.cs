using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Shared;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Visits: reminders, confirmation windows and the assignees' replies.</summary>
internal sealed partial class AdmissionEngine
{
    /// <summary>The longest NEJ reason the workflow keeps.</summary>
    public const int MaxReason = 100;

    /// <summary>The confirmation window around the due time (ISMP, non-time-critical doses).</summary>
    public static TimeSpan WindowFor(int timesPerDay) => timesPerDay == 1 ? TimeSpan.FromMinutes(120) : TimeSpan.FromMinutes(60);

    /// <summary>Texts the assignee of each visit whose reminder time has come.</summary>
    private void SendDueReminders(DateTimeOffset now)
    {
        while (state.Phase == AdmissionPhase.Treatment && state.NextDueAt is { } due && due - state.Settings.ReminderLead <= now)
        {
            var visit = ScheduledVisitAt(due);
            visit.State = VisitState.Reminded;
            visit.RemindedAt = now;
            Send(new OpenSmsItem(visit.AssigneePhone, visit.ItemId, SmsTexts.Reminder(
                visit.Drug, visit.Dose, due, state.Plan.Patient.Address, state.Plan.PatientInitials, SmsItemCode.Placeholder, now)));
            state.NextDueAt = DosingSchedule.NextSlot(state.Dosing, due);
        }
    }

    /// <summary>A window that closes without a confirmation starts the escalation ladder.</summary>
    private void CloseWindows(DateTimeOffset now)
    {
        foreach (var visit in state.Visits.Where(v => v.State == VisitState.Reminded && v.Escalation is null && v.WindowClosesAt <= now))
        {
            visit.Escalation = StartLadder(visit.ItemId, EscalationReasonKind.NotConfirmed, null, VisitAlarm(visit), now);
        }
    }

    private void HandleVisitReply(Visit visit, ItemReply reply, DateTimeOffset now)
    {
        if (visit.State is VisitState.Confirmed or VisitState.ConfirmedLate or VisitState.NotGiven or VisitState.Cancelled)
        {
            return;
        }

        var key = $"{reply.Id}:receipt";
        if (reply.Confirmed)
        {
            // The window closes at its end, when the ladder starts: a confirmation from then on is late.
            var onTime = reply.ReceivedAt < visit.WindowClosesAt;
            visit.ConfirmedAt = reply.ReceivedAt;
            visit.State = onTime ? VisitState.Confirmed : VisitState.ConfirmedLate;
            Send(new SendSms(visit.AssigneePhone, onTime
                ? SmsTexts.ReceiptOnTime(visit.Drug, visit.DueAt, state.Plan.PatientInitials, now)
                : SmsTexts.ReceiptLate(visit.Drug, visit.DueAt, state.Plan.PatientInitials, reply.ReceivedAt, now), key));
            if (visit.Escalation is { } ladder)
            {
                // A late confirmation closes the escalation, and everyone escalated hears so.
                ResolveLadder(ladder, now, SmsTexts.Resolved(state.Plan.PatientInitials, visit.DueAt, reply.ReceivedAt, now), reply.Id);
            }

            return;
        }

        visit.State = VisitState.NotGiven;
        visit.NotGivenReason = CleanReason(reply.Reason);
        Send(new SendSms(visit.AssigneePhone, SmsTexts.ReceiptNotGiven(visit.Drug, visit.DueAt, state.Plan.PatientInitials, now), key));
        visit.Escalation ??= StartLadder(visit.ItemId, EscalationReasonKind.NotGiven, visit.NotGivenReason, VisitAlarm(visit), now);
    }

    /// <summary>
    /// A nurse's reason as the workflow keeps it, before anything stores, shows or texts it: one
    /// line, CPR-shaped numbers masked, the patient's name and its parts removed (the only name
    /// the workflow knows; other names cannot be recognised), at most <see cref="MaxReason"/> characters.
    /// </summary>
    private string? CleanReason(string? reason) =>
        reason is null ? null : FreeText.Clean(reason, MaxReason, [state.Plan.Patient.Name]);

    private AlarmSubject VisitAlarm(Visit visit) => new(visit.Drug, visit.DueAt);
}
