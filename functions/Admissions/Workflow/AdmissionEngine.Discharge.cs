using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Discharge: the letter to the GP through the integration channel, and the patient's SMS.</summary>
internal sealed partial class AdmissionEngine
{
    /// <summary>
    /// The discharge letter's message type. v2: its data is a MedCom CareCommunication FHIR message
    /// (<c>application/fhir+json</c>), built by the publishing activity; v1 was JSON with the text.
    /// </summary>
    public const string DischargeLetterType = "dk.ehospital.discharge-letter.v2";

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
        // Addressed by the GP's location number (EAN) and SOR code, as the regions' messaging expects;
        // the publishing activity makes it a MedCom FHIR message, so the history keeps only this.
        Send(new PublishMessage(
            $"{state.AdmissionId}-letter",
            DischargeLetterType,
            new DischargeLetterRequest(state.AdmissionId, new LetterRecipient(plan.Gp.Name, plan.Gp.EanNumber, plan.Gp.SorCode), letter.Subject, letter.Text, summary)));
        state.LetterSentAt = now;
        if (plan.Patient.Phone is { Length: > 0 } phone)
        {
            Send(new SendSms(phone, SmsTexts.PatientDischarged(), "discharged"));
        }
    }
}
