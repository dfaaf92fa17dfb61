using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>One dose visit: when, by whom, what, and what happened.</summary>
internal sealed class Visit
{
    public required int Number { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required CareRole Assignee { get; init; }

    public required string AssigneePhone { get; init; }

    public required string Drug { get; init; }

    public required string Dose { get; init; }

    /// <summary>How far from the due time a confirmation is on time (±60 min, ±120 min for once a day).</summary>
    public required TimeSpan Window { get; init; }

    public VisitState State { get; set; } = VisitState.Scheduled;

    public DateTimeOffset? RemindedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public string? NotGivenReason { get; set; }

    public EscalationLadder? Escalation { get; set; }

    /// <summary>The phone line item carrying the reminder's code.</summary>
    [JsonIgnore]
    public string ItemId => $"v{Number}";

    [JsonIgnore]
    public DateTimeOffset WindowClosesAt => DueAt + Window;

    /// <summary>True when nothing more will happen to the visit by itself.</summary>
    [JsonIgnore]
    public bool IsSettled => State switch
    {
        VisitState.Scheduled or VisitState.Reminded => false,
        _ => Escalation is null || !Escalation.IsActive,
    };
}
