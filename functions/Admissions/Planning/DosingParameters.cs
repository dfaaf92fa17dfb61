using System.Text.Json.Serialization;
using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// One dosing grid: the <paramref name="Anchor"/> dose, then — for <see cref="ScheduleKind.Interval"/>
/// — every <c>24 h / TimesPerDay</c> of elapsed time, or — for <see cref="ScheduleKind.Clock"/> —
/// every <paramref name="ClockTimes"/> local time after the anchor; no dose at or after
/// <paramref name="EndsAt"/>. A plan change makes a new grid anchored at the next visit
/// (<see cref="DosingSchedule.Rescheduled"/>).
/// </summary>
/// <param name="Kind">Interval or clock.</param>
/// <param name="Anchor">The first dose of this grid; always a dose itself.</param>
/// <param name="TimesPerDay">1–4.</param>
/// <param name="ClockTimes">With <see cref="ScheduleKind.Clock"/>: the local times, sorted; otherwise empty.</param>
/// <param name="EndsAt">Exclusive end of treatment.</param>
internal sealed record DosingParameters(
    ScheduleKind Kind,
    DateTimeOffset Anchor,
    int TimesPerDay,
    [property: JsonConverter(typeof(ClockTimesJsonConverter))] IReadOnlyList<LocalTime> ClockTimes,
    DateTimeOffset EndsAt)
{
    /// <summary>The elapsed time between doses of an interval grid.</summary>
    [JsonIgnore]
    public TimeSpan Interval => TimeSpan.FromHours(24) / TimesPerDay;
}
