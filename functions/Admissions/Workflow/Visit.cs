using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>One dose visit: when, by whom, what, and what happened.</summary>
internal sealed class Visit
{
    public required int Number { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Who gives the dose; settled when the reminder goes out (the first dose is the mobile unit's).</summary>
    public required CareRole Assignee { get; set; }

    public required string AssigneePhone { get; set; }

    /// <summary>The drug to give; a plan change updates it until the reminder goes out.</summary>
    public required string Drug { get; set; }

    /// <summary>The dose to give; a plan change updates it until the reminder goes out.</summary>
    public required string Dose { get; set; }

    /// <summary>How far from the due time a confirmation is on time (±60 min, ±120 min for once a day).</summary>
    public required TimeSpan Window { get; set; }

    public VisitState State { get; set; } = VisitState.Scheduled;

    public DateTimeOffset? RemindedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public string? NotGivenReason { get; set; }

    public EscalationLadder? Escalation { get; set; }

    /// <summary>True once the reminder went out: the visit was due to be given (planned visits called off before never were).</summary>
    [JsonIgnore]
    public bool WasReminded => RemindedAt is not null;

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
