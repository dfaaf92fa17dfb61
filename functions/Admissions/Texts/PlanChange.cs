namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>A change of plan; only the fields that changed are set.</summary>
/// <param name="At">When the change was received.</param>
/// <param name="EffectiveFrom">The visit it took effect from.</param>
/// <param name="TimesPerDay">New times per day.</param>
/// <param name="Dose">New dose.</param>
/// <param name="Drug">New drug.</param>
/// <param name="EndDate">New last day of treatment.</param>
internal sealed record PlanChange(
    DateTimeOffset At,
    DateTimeOffset? EffectiveFrom = null,
    int? TimesPerDay = null,
    string? Dose = null,
    string? Drug = null,
    DateOnly? EndDate = null);
