namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>A reorder of medicine from the logistics service, and its delivery.</summary>
internal sealed class MedicineOrder
{
    public required int Number { get; init; }

    public required DateTimeOffset OrderedAt { get; init; }

    /// <summary>When the current supply runs out: the delivery must arrive before.</summary>
    public required DateTimeOffset DeliverBy { get; init; }

    public required int Doses { get; init; }

    public required string Drug { get; init; }

    public required string Dose { get; init; }

    /// <summary>Until when the delivered medicine lasts (the end of treatment as known when ordered).</summary>
    public required DateTimeOffset CoversUntil { get; init; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public EscalationLadder? Escalation { get; set; }

    public string IntegrationId(string admissionId) => $"{admissionId}-order-{Number}";
}
