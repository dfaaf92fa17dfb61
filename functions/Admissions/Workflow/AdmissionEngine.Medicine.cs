using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// Medicine: the ward supplies some days; when treatment runs longer, an order goes to the
/// logistics service at 10:00 local two days before the supply runs out, and a missing delivery
/// 12 hours before it runs out escalates.
/// </summary>
internal sealed partial class AdmissionEngine
{
    public const string MedicineOrderType = "dk.ehospital.medicine-order.v1";

    private static readonly LocalTime OrderTime = new(10, 0);
    private static readonly TimeSpan DeliveryCheckBefore = TimeSpan.FromHours(12);

    /// <summary>Until when medicine is in the home or on order.</summary>
    private DateTimeOffset CoveredUntil => state.Orders.Select(o => o.CoversUntil).Append(state.SuppliedUntil).Max();

    private MedicineOrder? OpenOrder => state.Orders.LastOrDefault(o => o.DeliveredAt is null);

    /// <summary>When the next order is due: 10:00 local two days before what is covered runs out.</summary>
    private DateTimeOffset? OrderDueAt =>
        state.Phase == AdmissionPhase.Treatment && state.Dosing.EndsAt > CoveredUntil
            ? DanishTime.At(DanishTime.DateOf(CoveredUntil).PlusDays(-2), OrderTime)
            : null;

    private void ManageMedicine(DateTimeOffset now)
    {
        if (OrderDueAt is { } orderAt && orderAt <= now)
        {
            PlaceOrder(now);
        }

        if (OpenOrder is { Escalation: null } open && open.DeliverBy - DeliveryCheckBefore <= now && state.Phase == AdmissionPhase.Treatment)
        {
            open.Escalation = StartLadder(
                $"m{open.Number}",
                EscalationReasonKind.MedicineNotDelivered,
                null,
                new AlarmSubject(open.Drug, open.DeliverBy),
                now);
        }
    }

    private DateTimeOffset? NextMedicineDeadline()
    {
        var open = OpenOrder;
        return new[]
        {
            OrderDueAt,
            open is { Escalation: null } && state.Phase == AdmissionPhase.Treatment ? open.DeliverBy - DeliveryCheckBefore : null,
            state.Orders.Select(o => NextLadderStep(o.Escalation)).Where(t => t is not null).Min(),
        }.Where(t => t is not null).Min();
    }

    private void PlaceOrder(DateTimeOffset now)
    {
        var from = CoveredUntil;
        var doses = DosingSchedule.DueTimes(state.Dosing, from, state.Dosing.EndsAt).Count;
        var order = new MedicineOrder
        {
            Number = state.Orders.Count + 1,
            OrderedAt = now,
            DeliverBy = from,
            Doses = doses,
            Drug = state.Drug,
            Dose = state.Dose,
            CoversUntil = state.Dosing.EndsAt,
        };
        state.Orders.Add(order);
        Send(new PublishMessage(order.IntegrationId(state.AdmissionId), MedicineOrderType, new
        {
            admissionId = state.AdmissionId,
            orderNumber = order.Number,
            drug = order.Drug,
            dose = order.Dose,
            doses = order.Doses,
            deliverTo = new { address = state.Plan.Patient.Address, municipality = state.Plan.Patient.Municipality, initials = state.Plan.PatientInitials },
            deliverBy = order.DeliverBy,
        }));
    }

    private void HandleDelivery(MedicationDelivered delivered, DateTimeOffset now)
    {
        var at = delivered.DeliveredAt ?? now;
        var order = OpenOrder;
        if (order is null)
        {
            // Delivered without an order of ours: record it, and trust the days it covers.
            order = new MedicineOrder
            {
                Number = state.Orders.Count + 1,
                OrderedAt = at,
                DeliverBy = at,
                Doses = 0,
                Drug = state.Drug,
                Dose = state.Dose,
                CoversUntil = delivered.Days is { } days ? Later(state.SuppliedUntil, at) + TimeSpan.FromDays(days) : state.SuppliedUntil,
            };
            state.Orders.Add(order);
        }

        order.DeliveredAt = at;
        state.SuppliedUntil = delivered.Days is { } covered ? Later(state.SuppliedUntil, at) + TimeSpan.FromDays(covered) : Later(state.SuppliedUntil, order.CoversUntil);
        // A delivery that comes after all ends its escalation, whether still climbing or left unresolved.
        if (order.Escalation is { ResolvedAt: null, AcknowledgedAt: null } ladder)
        {
            ResolveLadder(ladder, now, SmsTexts.Resolved(state.Plan.PatientInitials, order.DeliverBy, at, now), delivered.Id);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
