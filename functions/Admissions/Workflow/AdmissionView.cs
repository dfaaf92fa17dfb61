using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// The admission as a person sees it (api.md's view), kept by the orchestration as its custom
/// status so that reading it costs one point read. Times are Danish local time with offset. No CPR
/// number, no full name: initials and municipality only. The runtime status is added by the route.
/// </summary>
internal sealed record AdmissionView(
    string Id,
    string Phase,
    ViewPatient Patient,
    ViewTreatment Treatment,
    IReadOnlyList<ViewVisit> Visits,
    ViewPlanning Planning,
    ViewMedication Medication,
    ViewDischarge Discharge,
    IReadOnlyList<ViewAlert> OpenAlerts)
{
    public static AdmissionView From(AdmissionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var plan = state.Plan;
        var openOrder = state.Orders.LastOrDefault();
        return new AdmissionView(
            plan.AdmissionId,
            state.Phase.ToString(),
            new ViewPatient(plan.PatientInitials, plan.Patient.Municipality),
            new ViewTreatment(state.Drug, state.Dose, state.Dosing.TimesPerDay, Local(state.Dosing.EndsAt)),
            // In time order: a visit planned after a plan change can come before older numbers.
            [.. state.Visits.OrderBy(v => v.DueAt).ThenBy(v => v.Number).Select(ViewVisit.From)],
            ViewPlanning.From(state),
            new ViewMedication(Local(state.SuppliedUntil), Local(openOrder?.OrderedAt), Local(openOrder?.DeliveredAt)),
            new ViewDischarge(Local(state.DischargedAt), Local(state.LetterSentAt)),
            [.. AlertsOf(state)]);
    }

    private static IEnumerable<ViewAlert> AlertsOf(AdmissionState state)
    {
        foreach (var visit in state.Visits.Where(v => v.Escalation is { UnresolvedAt: not null, AcknowledgedAt: null, ResolvedAt: null }))
        {
            yield return new ViewAlert("visitUnresolved", visit.Number, Local(visit.Escalation!.UnresolvedAt)!.Value,
                $"Besøg {visit.Number} kl. {DanishTime.ToZoned(visit.DueAt):HH:mm} er ikke bekræftet, og alarmen er ikke kvitteret.");
        }

        foreach (var order in state.Orders.Where(o => o.Escalation is { UnresolvedAt: not null, AcknowledgedAt: null, ResolvedAt: null }))
        {
            yield return new ViewAlert("medicineNotDelivered", null, Local(order.Escalation!.UnresolvedAt)!.Value,
                $"Medicinbestilling {order.Number} er ikke leveret, og alarmen er ikke kvitteret.");
        }

        foreach (var failure in state.PublishFailures)
        {
            yield return new ViewAlert("integrationFailed", null, Local(failure.At)!.Value, failure.Type == AdmissionEngine.DischargeLetterType
                ? "Udskrivningsbrevet kunne ikke sendes til egen læge. Send det manuelt."
                : $"Beskeden {failure.MessageId} ({failure.Type}) kunne ikke sendes. Send den manuelt.");
        }
    }

    internal static DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? DanishTime.Normalise(value) : null;
}

internal sealed record ViewPatient(string Initials, string Municipality);

internal sealed record ViewTreatment(string Drug, string Dose, int TimesPerDay, DateTimeOffset? EndsAt);

internal sealed record ViewVisit(int Number, DateTimeOffset DueAt, string Assignee, string State, DateTimeOffset? ConfirmedAt, string? NotGivenReason, IReadOnlyList<ViewEscalation> Escalations)
{
    public static ViewVisit From(Visit visit) => new(
        visit.Number,
        AdmissionView.Local(visit.DueAt)!.Value,
        CamelCase(visit.Assignee.ToString()),
        CamelCase(visit.State.ToString()),
        AdmissionView.Local(visit.ConfirmedAt),
        visit.NotGivenReason,
        visit.Escalation is { } ladder
            ? [.. ladder.Sent.Select(sent => new ViewEscalation(sent.Level, CamelCase(sent.Role.ToString()), AdmissionView.Local(sent.At)!.Value, AdmissionView.Local(sent.AcknowledgedAt)))]
            : []);

    internal static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>
/// How far <c>visits</c> reaches ahead: visits are planned <see cref="AdmissionEngine.PlanningHorizon"/>
/// ahead; <paramref name="DosesAfter"/> more doses follow until the treatment ends under today's plan.
/// </summary>
internal sealed record ViewPlanning(DateTimeOffset? PlannedUntil, int DosesAfter)
{
    public static ViewPlanning From(AdmissionState state)
    {
        if (state.PlannedUntil is not { } until || state.Phase != AdmissionPhase.Treatment)
        {
            return new ViewPlanning(null, 0);
        }

        var after = DosingSchedule.DueTimes(state.Dosing, until, state.Dosing.EndsAt).Count;
        return new ViewPlanning(AdmissionView.Local(until), after);
    }
}

internal sealed record ViewEscalation(int Level, string Role, DateTimeOffset At, DateTimeOffset? AcknowledgedAt);

internal sealed record ViewMedication(DateTimeOffset? SuppliedUntil, DateTimeOffset? OrderedAt, DateTimeOffset? DeliveredAt);

internal sealed record ViewDischarge(DateTimeOffset? At, DateTimeOffset? LetterSentAt);

internal sealed record ViewAlert(string Kind, int? Visit, DateTimeOffset Since, string Text);
