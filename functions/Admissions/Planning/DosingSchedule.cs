using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// When doses are due. Pure functions of a <see cref="DosingParameters"/> grid; every instant
/// returned carries its Copenhagen offset.
/// </summary>
internal static class DosingSchedule
{
    /// <summary>The doses due in [<paramref name="from"/>, <paramref name="until"/>), in order.</summary>
    public static IReadOnlyList<DateTimeOffset> DueTimes(DosingParameters grid, DateTimeOffset from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var start = Max(from, grid.Anchor);
        var end = Min(until, grid.EndsAt);
        if (start >= end)
        {
            return [];
        }

        return grid.Kind == ScheduleKind.Interval
            ? IntervalTimes(grid, start, end)
            : ClockTimes(grid, start, end);
    }

    /// <summary>
    /// The first dose of the grid strictly after <paramref name="after"/>, or null when the
    /// treatment ends first. Resuming after a pause continues from here: the doses that fell due
    /// during the pause are skipped, not caught up.
    /// </summary>
    public static DateTimeOffset? NextSlot(DosingParameters grid, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(grid);

        // A day and a tick is always enough to reach the next dose when there is one: at least one
        // dose per day, and DST moves a clock time by one hour at most.
        var from = Max(after.AddTicks(1), grid.Anchor);
        var window = DueTimes(grid, from, from + TimeSpan.FromHours(26));
        return window.Count == 0 ? null : window[0];
    }

    /// <summary>
    /// A plan change effective from the next visit: the visit due at <paramref name="nextVisitDue"/>
    /// keeps its time and becomes the anchor of the new grid; the doses after it follow
    /// <paramref name="newTimesPerDay"/>. For an interval schedule that is every
    /// <c>24 h / newTimesPerDay</c> after the next visit. For a clock schedule it is
    /// <paramref name="newClockTimes"/>, or — when none are given — times spread evenly over the day
    /// from the next visit's local time (08:00 at 4 a day: 08:00, 14:00, 20:00, 02:00).
    /// The end of treatment is kept; change it with <c>grid with { EndsAt = … }</c>.
    /// </summary>
    public static DosingParameters Rescheduled(
        DosingParameters grid,
        DateTimeOffset nextVisitDue,
        int newTimesPerDay,
        IReadOnlyList<LocalTime>? newClockTimes = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfLessThan(newTimesPerDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(newTimesPerDay, 4);
        var anchor = DanishTime.Normalise(nextVisitDue);
        if (grid.Kind == ScheduleKind.Interval)
        {
            return grid with { Anchor = anchor, TimesPerDay = newTimesPerDay, ClockTimes = [] };
        }

        var times = newClockTimes ?? EvenClockTimes(DanishTime.ToZoned(anchor).TimeOfDay, newTimesPerDay);
        if (times.Count != newTimesPerDay || times.Distinct().Count() != times.Count)
        {
            throw new ArgumentException(
                $"Expected {newTimesPerDay} distinct clock times for {newTimesPerDay} doses a day, got {times.Count}.",
                nameof(newClockTimes));
        }

        return grid with { Anchor = anchor, TimesPerDay = newTimesPerDay, ClockTimes = [.. times.Order()] };
    }

    /// <summary>
    /// The end of treatment for a last day of treatment: 00:00 Danish local time the day after. Use
    /// it for a plan change's new end date: <c>grid with { EndsAt = DosingSchedule.EndOfLastDay(d) }</c>.
    /// </summary>
    public static DateTimeOffset EndOfLastDay(DateOnly lastDay) => DanishTime.StartOfDay(LocalDate.FromDateOnly(lastDay).PlusDays(1));

    /// <summary>
    /// <paramref name="timesPerDay"/> local times <c>24 h / timesPerDay</c> apart, starting at
    /// <paramref name="first"/>, sorted.
    /// </summary>
    public static IReadOnlyList<LocalTime> EvenClockTimes(LocalTime first, int timesPerDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timesPerDay, 1);
        var stepMinutes = 24 * 60 / timesPerDay;
        return [.. Enumerable.Range(0, timesPerDay).Select(i => first.PlusMinutes(i * stepMinutes)).Order()];
    }

    private static List<DateTimeOffset> IntervalTimes(DosingParameters grid, DateTimeOffset start, DateTimeOffset end)
    {
        var interval = grid.Interval;

        // The first k with anchor + k·interval >= start (start >= anchor, so the ceiling is plain).
        var k = ((start - grid.Anchor).Ticks + interval.Ticks - 1) / interval.Ticks;
        var times = new List<DateTimeOffset>();
        for (var due = grid.Anchor + (interval * k); due < end; due += interval)
        {
            times.Add(DanishTime.Normalise(due));
        }

        return times;
    }

    private static List<DateTimeOffset> ClockTimes(DosingParameters grid, DateTimeOffset start, DateTimeOffset end)
    {
        // The anchor is a dose whatever the clock times say (it is the visit a plan change kept);
        // after it, only the clock times. Two clock times can resolve to one instant on the
        // spring-forward night (02:30 moves to 03:30); that is one dose, not two.
        var times = new SortedSet<DateTimeOffset>();
        if (grid.Anchor >= start && grid.Anchor < end)
        {
            times.Add(DanishTime.Normalise(grid.Anchor));
        }

        // One day either side covers any time a DST change moved across a day boundary.
        var last = DanishTime.DateOf(end).PlusDays(1);
        for (var date = DanishTime.DateOf(start).PlusDays(-1); date <= last; date = date.PlusDays(1))
        {
            foreach (var time in grid.ClockTimes)
            {
                var due = DanishTime.At(date, time);
                if (due > grid.Anchor && due >= start && due < end)
                {
                    times.Add(due);
                }
            }
        }

        return [.. times];
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
