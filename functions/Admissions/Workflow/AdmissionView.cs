using System.Text.Json.Serialization;
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
    ViewRounds Rounds,
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
            new ViewMedication(
                Local(state.SuppliedUntil),
                Local(openOrder?.OrderedAt),
                Local(openOrder?.DeliveredAt),
                [.. state.Orders.Where(o => o.Escalation is not null).Select(o => new ViewOrderAlarm(o.Number, Local(o.DeliverBy)!.Value, ViewAlarm.From(o.Escalation!)))]),
            new ViewDischarge(Local(state.DischargedAt), Local(state.LetterSentAt)),
            ViewRounds.From(state.Rounds),
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
            var why = failure.Problem is { } problem ? $" Fejl: {problem}" : "";
            yield return new ViewAlert("integrationFailed", null, Local(failure.At)!.Value, failure.Type.StartsWith(DischargeLetterTypePrefix, StringComparison.Ordinal)
                ? $"Udskrivningsbrevet kunne ikke sendes til egen læge. Send det manuelt.{why}"
                : $"Beskeden {failure.MessageId} ({failure.Type}) kunne ikke sendes. Send den manuelt.{why}");
        }
    }

    // Any version of the letter's type (an admission that failed before v2 still shows its letter as the letter).
    private const string DischargeLetterTypePrefix = "dk.ehospital.discharge-letter.";

    internal static DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? DanishTime.Normalise(value) : null;
}

internal sealed record ViewPatient(string Initials, string Municipality);

internal sealed record ViewTreatment(string Drug, string Dose, int TimesPerDay, DateTimeOffset? EndsAt);

/// <summary>
/// One visit. <paramref name="Alarm"/> is its escalation as a whole (null when it never
/// escalated); <paramref name="Escalations"/> who was texted and when.
/// </summary>
internal sealed record ViewVisit(
    int Number,
    DateTimeOffset DueAt,
    string Assignee,
    string State,
    string Drug,
    string Dose,
    DateTimeOffset? ConfirmedAt,
    string? NotGivenReason,
    ViewAlarm? Alarm,
    IReadOnlyList<ViewEscalation> Escalations)
{
    public static ViewVisit From(Visit visit) => new(
        visit.Number,
        AdmissionView.Local(visit.DueAt)!.Value,
        CamelCase(visit.Assignee.ToString()),
        CamelCase(visit.State.ToString()),
        visit.Drug,
        visit.Dose,
        AdmissionView.Local(visit.ConfirmedAt),
        visit.NotGivenReason,
        visit.Escalation is { } alarm ? ViewAlarm.From(alarm) : null,
        visit.Escalation is { } ladder
            ? [.. ladder.Sent.Select(sent => new ViewEscalation(sent.Level, CamelCase(sent.Role.ToString()), AdmissionView.Local(sent.At)!.Value, AdmissionView.Local(sent.AcknowledgedAt)))]
            : []);

    internal static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>
/// An escalation as a whole: <c>open</c> while its ladder still climbs, <c>unresolved</c> once it
/// stopped without an answer, <c>acknowledged</c> (by whom: <c>sms:{role}</c> or <c>key:{name}</c>)
/// or <c>resolved</c> by a late confirmation or delivery. Open and unresolved need a person.
/// <paramref name="Id"/> names the alarm to acknowledge on the dashboard.
/// </summary>
internal sealed record ViewAlarm(string Id, string State, DateTimeOffset StartedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static ViewAlarm From(EscalationLadder ladder) => new(
        ladder.OwnerItemId,
        ladder switch
        {
            { AcknowledgedAt: not null } => "acknowledged",
            { ResolvedAt: not null } => "resolved",
            { UnresolvedAt: not null } => "unresolved",
            _ => "open",
        },
        AdmissionView.Local(ladder.StartedAt)!.Value,
        AdmissionView.Local(ladder.AcknowledgedAt),
        ladder.AcknowledgedBy);

    /// <summary>True while the alarm needs a person: it is open or ended unresolved.</summary>
    [JsonIgnore]
    public bool NeedsAPerson => State is "open" or "unresolved";
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

/// <summary>The medicine: supply, the last order, and the alarms of orders not delivered in time.</summary>
internal sealed record ViewMedication(DateTimeOffset? SuppliedUntil, DateTimeOffset? OrderedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ViewOrderAlarm> Alarms);

/// <summary>The alarm of medicine order <paramref name="Order"/>, which had to arrive by <paramref name="DeliverBy"/>.</summary>
internal sealed record ViewOrderAlarm(int Order, DateTimeOffset DeliverBy, ViewAlarm Alarm);

internal sealed record ViewDischarge(DateTimeOffset? At, DateTimeOffset? LetterSentAt);

/// <summary>The virtual ward rounds recorded: how many, the last, and how many on each Danish date.</summary>
internal sealed record ViewRounds(int Count, DateTimeOffset? LastAt, IReadOnlyDictionary<string, int> ByDay)
{
    public static ViewRounds From(IReadOnlyCollection<RoundRecord> rounds) => new(
        rounds.Count,
        AdmissionView.Local(rounds.Select(r => (DateTimeOffset?)r.At).Max()),
        rounds.GroupBy(r => DanishTime.DateOf(r.At)).OrderBy(day => day.Key).ToDictionary(day => day.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day => day.Count()));
}

internal sealed record ViewAlert(string Kind, int? Visit, DateTimeOffset Since, string Text);
