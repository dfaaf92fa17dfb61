using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>What the discharge letter and the orchestration's output say, from the admission's state.</summary>
internal static class DischargeSummaries
{
    public static DischargeSummary From(AdmissionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var plan = state.Plan;
        var treatment = plan.Treatment;
        return new DischargeSummary
        {
            AdmissionId = plan.AdmissionId,
            PatientName = plan.Patient.Name,
            PatientCpr = plan.Patient.Cpr,
            GpName = plan.Gp.Name,
            Condition = plan.Condition,
            ResponsibleDoctor = plan.ResponsibleDoctor,
            Treatment = new TreatmentSummary(treatment.Drug, treatment.Dose, treatment.Route, treatment.AccessType, treatment.TimesPerDay),
            AdmittedAt = treatment.FirstDoseAt,
            DischargedAt = state.DischargedAt ?? state.Visits.Where(v => v.WasReminded).Select(v => v.DueAt).DefaultIfEmpty(treatment.FirstDoseAt).Max(),
            Kind = state.DischargeReason is null ? DischargeKind.Completed : DischargeKind.Early,
            DischargeReason = state.DischargeReason,
            // Visits called off while only planned were never due to be given: not doses of the letter.
            Doses = [.. state.Visits.Where(v => v.WasReminded).Select(Dose)],
            Escalations = [.. Escalations(state)],
            SuppliedDays = treatment.SuppliedDays,
            Deliveries = [.. state.Orders.Select(order => new MedicineDelivery(order.OrderedAt, order.DeliveredAt))],
            PlanChanges = [.. state.PlanChanges],
            Pauses = [.. state.Pauses],
            WardRounds = state.Rounds.Count,
        };
    }

    private static DoseRecord Dose(Visit visit) => new(
        visit.Number,
        visit.DueAt,
        visit.State switch
        {
            VisitState.Confirmed => DoseOutcome.OnTime,
            VisitState.ConfirmedLate => DoseOutcome.Late,
            VisitState.NotGiven => DoseOutcome.NotGiven,
            VisitState.Cancelled => DoseOutcome.Cancelled,
            _ => DoseOutcome.Missed,
        },
        visit.ConfirmedAt,
        visit.NotGivenReason);

    private static IEnumerable<EscalationRecord> Escalations(AdmissionState state)
    {
        var ladders = state.Visits.Where(v => v.Escalation is not null).Select(v => (Ladder: v.Escalation!, Due: (DateTimeOffset?)v.DueAt))
            .Concat(state.Orders.Where(o => o.Escalation is not null).Select(o => (Ladder: o.Escalation!, Due: (DateTimeOffset?)null)));
        foreach (var (ladder, due) in ladders.OrderBy(pair => pair.Ladder.StartedAt))
        {
            var (outcome, closedAt) = ladder switch
            {
                { AcknowledgedAt: { } acknowledged } => (EscalationOutcome.Acknowledged, (DateTimeOffset?)acknowledged),
                { ResolvedAt: { } resolved } => (EscalationOutcome.ResolvedByConfirmation, resolved),
                _ => (EscalationOutcome.Unresolved, ladder.UnresolvedAt),
            };
            yield return new EscalationRecord(ladder.StartedAt, ladder.Reason, ladder.Level, outcome, closedAt, due);
        }
    }
}
