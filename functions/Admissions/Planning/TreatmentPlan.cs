using System.Text.Json.Serialization;
using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// The validated treatment. <see cref="EndsAt"/> is exclusive: no dose is due at or after it.
/// With a duration, an interval treatment ends <c>durationDays × 24 h</c> of elapsed time after the
/// first dose and a clock treatment at the first dose's clock time <c>durationDays</c> local days
/// later — either way exactly <c>durationDays × timesPerDay</c> doses. With an end date (the last
/// day of treatment) it ends at 00:00 local the day after.
/// </summary>
internal sealed record TreatmentPlan(
    string Drug,
    string Dose,
    string Route,
    string AccessType,
    int TimesPerDay,
    DateTimeOffset FirstDoseAt,
    DateTimeOffset EndsAt,
    int? DurationDays,
    DateOnly? EndDate,
    int SuppliedDays,
    ScheduleKind Schedule,
    [property: JsonConverter(typeof(ClockTimesJsonConverter))] IReadOnlyList<LocalTime> ClockTimes)
{
    /// <summary>The dosing grid of this treatment, anchored at the first dose.</summary>
    public DosingParameters ToDosing() => new(Schedule, FirstDoseAt, TimesPerDay, ClockTimes, EndsAt);
}
