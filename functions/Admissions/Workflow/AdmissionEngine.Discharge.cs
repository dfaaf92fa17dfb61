using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Discharge: the letter to the GP through the integration channel, and the patient's SMS.</summary>
internal sealed partial class AdmissionEngine
{
    public const string DischargeLetterType = "dk.ehospital.discharge-letter.v1";

    private void Discharge(DateTimeOffset now, string? reason)
    {
        state.Phase = AdmissionPhase.Discharged;
        state.DischargedAt = now;
        state.DischargeReason = reason;
        CancelScheduledVisits();
        // Nothing needs an answer any more: free the codes an unconfirmed visit or an unanswered
        // alarm still holds, or they stay taken on the (shared) phones for good.
        foreach (var visit in state.Visits.Where(v => v.State is VisitState.Reminded or VisitState.Unresolved or VisitState.Missed))
        {
            Send(new CloseSmsItem(visit.AssigneePhone, visit.ItemId));
            if (visit.State == VisitState.Reminded && visit.DueAt <= now)
            {
                // Due and never confirmed before the admission ended: missed, as the letter says.
                visit.State = VisitState.Missed;
            }
        }

        foreach (var ladder in Ladders())
        {
            CloseOpenItems(ladder);
        }

        var summary = DischargeSummaries.From(state);
        var letter = DischargeLetter.Compose(summary);
        var plan = state.Plan;
        // Addressed by the GP's location number (EAN) and SOR code, as the regions' messaging expects.
        Send(new PublishMessage($"{state.AdmissionId}-letter", DischargeLetterType, new
        {
            admissionId = state.AdmissionId,
            recipient = new { name = plan.Gp.Name, eanNumber = plan.Gp.EanNumber, sorCode = plan.Gp.SorCode },
            subject = letter.Subject,
            text = letter.Text,
            summary,
        }));
        state.LetterSentAt = now;
        if (plan.Patient.Phone is { Length: > 0 } phone)
        {
            Send(new SendSms(phone, SmsTexts.PatientDischarged(), "discharged"));
        }
    }
}
