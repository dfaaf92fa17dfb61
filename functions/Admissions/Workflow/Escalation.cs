using System.Text.Json.Serialization;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>One escalation SMS: level, role, phone, the SMS item that carries its code, and its acknowledgement.</summary>
internal sealed class Escalation
{
    public required int Level { get; init; }

    public required CareRole Role { get; init; }

    public required string Phone { get; init; }

    /// <summary>The phone line item id (its code lives there).</summary>
    public required string ItemId { get; init; }

    public required DateTimeOffset At { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>True once the escalated person no longer needs to answer (acknowledged, resolved or closed).</summary>
    public bool Closed { get; set; }
}

/// <summary>
/// The escalation ladder of one visit or medicine order: level 1, level 2 fifteen minutes later,
/// unresolved fifteen minutes after that — no more SMS after that (no alarm storm).
/// </summary>
internal sealed class EscalationLadder
{
    public required EscalationReasonKind Reason { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The item of the visit or order escalated; escalation items are named after it.</summary>
    public required string OwnerItemId { get; init; }

    /// <summary>What the SMS say it is about.</summary>
    public required AlarmSubject Subject { get; init; }

    public string? NotGivenReason { get; init; }

    public List<Escalation> Sent { get; init; } = [];

    public int Level { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>Who acknowledged: the escalated role that answered OK by SMS (<c>sms:eNurse</c>), or the dashboard key (<c>key:{name}</c>).</summary>
    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? UnresolvedAt { get; set; }

    /// <summary>Resolved by the nurse's late confirmation or the delivery that came after all.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>True while the ladder may still send: not acknowledged, resolved or unresolved.</summary>
    [JsonIgnore]
    public bool IsActive => AcknowledgedAt is null && ResolvedAt is null && UnresolvedAt is null;
}
