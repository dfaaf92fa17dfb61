using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// Everything that reaches a running admission from outside, as the payload of its one external
/// event <see cref="EventName"/>: changes from other systems and the nurses' replies relayed by
/// their phone lines. <see cref="Id"/> makes a repeated delivery harmless.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ChangePlan), "planChange")]
[JsonDerivedType(typeof(PauseAdmission), "pause")]
[JsonDerivedType(typeof(ResumeAdmission), "resume")]
[JsonDerivedType(typeof(DischargeNow), "discharge")]
[JsonDerivedType(typeof(MedicationDelivered), "medicationDelivered")]
[JsonDerivedType(typeof(RoundRecorded), "round")]
[JsonDerivedType(typeof(ItemReply), "itemReply")]
[JsonDerivedType(typeof(AcknowledgeAlarm), "acknowledgeAlarm")]
internal abstract record AdmissionSignal(string Id)
{
    /// <summary>The external event name every signal travels under.</summary>
    public const string EventName = "AdmissionSignal";
}

/// <summary>Change the plan from the next visit; null fields stay as they are. <paramref name="EndDate"/> is the new last day.</summary>
internal sealed record ChangePlan(string Id, int? TimesPerDay, string? Dose, string? Drug, DateOnly? EndDate) : AdmissionSignal(Id);

/// <summary>The patient is readmitted to a ward: no visits until resumed.</summary>
internal sealed record PauseAdmission(string Id, string? Reason) : AdmissionSignal(Id);

/// <summary>Visits restart from the next slot.</summary>
internal sealed record ResumeAdmission(string Id, string? Reason) : AdmissionSignal(Id);

/// <summary>Discharge now (early discharge).</summary>
internal sealed record DischargeNow(string Id, string? Reason) : AdmissionSignal(Id);

/// <summary>The reordered medicine arrived; <see cref="Days"/> of supply when the logistics service says so.</summary>
internal sealed record MedicationDelivered(string Id, DateTimeOffset? DeliveredAt, int? Days) : AdmissionSignal(Id);

/// <summary>The daily virtual ward round was held.</summary>
internal sealed record RoundRecorded(string Id, DateTimeOffset? At, string? Note) : AdmissionSignal(Id);

/// <summary>
/// A person at the eHospital acknowledged an alarm on the dashboard: the alarm of the visit or
/// medicine order whose item is <paramref name="ItemId"/> (<c>v3</c>, <c>m1</c>), acknowledged by
/// <paramref name="By"/> (the signed-in key, <c>key:{name}</c>).
/// </summary>
internal sealed record AcknowledgeAlarm(string Id, string ItemId, string By) : AdmissionSignal(Id);

/// <summary>A reply to one of the admission's SMS items, matched by the phone line of the sender.</summary>
internal sealed record ItemReply(string Id, string ItemId, bool Confirmed, string? Reason, DateTimeOffset ReceivedAt, string FromPhone) : AdmissionSignal(Id);
