using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Planning;
using NodaTime;
using static HaH.Orchestration.Functions.Tests.Admissions.Planning.Requests;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class DosingScheduleTests
{
    private static DosingParameters Interval(string anchor, int timesPerDay, int days)
    {
        var start = At(anchor);
        return new DosingParameters(ScheduleKind.Interval, start, timesPerDay, [], start + TimeSpan.FromDays(days));
    }

    private static DosingParameters ClockGrid(string anchor, string endsAt, params int[] hoursAndMinutes)
    {
        var times = hoursAndMinutes.Chunk(2).Select(t => new LocalTime(t[0], t[1])).Order().ToList();
        return new DosingParameters(ScheduleKind.Clock, At(anchor), times.Count, times, At(endsAt));
    }

    private static IReadOnlyList<DateTimeOffset> All(DosingParameters grid) =>
        DosingSchedule.DueTimes(grid, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private static void AssertTimes(IEnumerable<string> expected, IEnumerable<DateTimeOffset> actual)
    {
        // Equal instants and equal offsets: the offsets show the local clock times.
        Assert.Equal(expected, actual.Select(time => time.ToString("yyyy-MM-ddTHH:mmzzz", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void DueTimes_ThreeADayInterval_Every8Hours()
    {
        var grid = Interval("2026-03-10T08:00:00+01:00", 3, days: 2);

        AssertTimes(
            ["2026-03-10T08:00+01:00", "2026-03-10T16:00+01:00", "2026-03-11T00:00+01:00",
             "2026-03-11T08:00+01:00", "2026-03-11T16:00+01:00", "2026-03-12T00:00+01:00"],
            All(grid));
    }

    [Fact]
    public void DueTimes_FromAndUntil_AreInclusiveAndExclusive()
    {
        var grid = Interval("2026-03-10T08:00:00+01:00", 3, days: 10);

        AssertTimes(
            ["2026-03-10T16:00+01:00", "2026-03-11T00:00+01:00"],
            DosingSchedule.DueTimes(grid, At("2026-03-10T16:00:00+01:00"), At("2026-03-11T08:00:00+01:00")));
    }

    [Fact]
    public void DueTimes_IntervalAcrossSpringForward_8ElapsedHoursApartLocalTimesShift()
    {
        var grid = Interval("2026-03-28T14:00:00+01:00", 3, days: 2);

        var times = All(grid);

        AssertTimes(
            ["2026-03-28T14:00+01:00", "2026-03-28T22:00+01:00", "2026-03-29T07:00+02:00",
             "2026-03-29T15:00+02:00", "2026-03-29T23:00+02:00", "2026-03-30T07:00+02:00"],
            times);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(8), pair.Second - pair.First));
    }

    [Fact]
    public void DueTimes_IntervalAcrossFallBack_6ElapsedHoursThroughTheRepeatedHour()
    {
        var grid = Interval("2026-10-24T20:30:00+02:00", 4, days: 1);

        var times = All(grid);

        // 02:30 summer time, then 6 real hours later it is 07:30 winter time: 5 hours on the clock.
        AssertTimes(
            ["2026-10-24T20:30+02:00", "2026-10-25T02:30+02:00", "2026-10-25T07:30+01:00", "2026-10-25T13:30+01:00"],
            times);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(6), pair.Second - pair.First));
    }

    [Fact]
    public void DueTimes_ClockAcrossSpringForward_KeepsLocalTimesAndMovesTheMissingOneForward()
    {
        var grid = ClockGrid("2026-03-28T02:30:00+01:00", "2026-03-31T02:30:00+02:00", 2, 30, 10, 30, 18, 30);

        AssertTimes(
            ["2026-03-28T02:30+01:00", "2026-03-28T10:30+01:00", "2026-03-28T18:30+01:00",
             "2026-03-29T03:30+02:00", "2026-03-29T10:30+02:00", "2026-03-29T18:30+02:00",
             "2026-03-30T02:30+02:00", "2026-03-30T10:30+02:00", "2026-03-30T18:30+02:00"],
            All(grid));
    }

    [Fact]
    public void DueTimes_ClockAcrossFallBack_AmbiguousTimeIsTheFirstOccurrence()
    {
        var grid = ClockGrid("2026-10-24T02:30:00+02:00", "2026-10-26T02:30:00+01:00", 2, 30, 8, 0);

        AssertTimes(
            ["2026-10-24T02:30+02:00", "2026-10-24T08:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T08:00+01:00"],
            All(grid));
        Assert.Equal(At("2026-10-25T00:30:00Z"), All(grid)[2]);
    }

    [Fact]
    public void DueTimes_ClockTimeThatMovesOntoAnother_IsOneDose()
    {
        var grid = ClockGrid("2026-03-28T02:30:00+01:00", "2026-03-30T00:00:00+02:00", 2, 30, 3, 30);

        AssertTimes(
            ["2026-03-28T02:30+01:00", "2026-03-28T03:30+01:00", "2026-03-29T03:30+02:00"],
            All(grid));
    }

    [Fact]
    public void DueTimes_ThirtyDaysFourADayAcrossDst_Exactly120ForBothKinds()
    {
        var interval = Plan(WithTreatment(t => t with { TimesPerDay = 4, DurationDays = 30 })).Treatment.ToDosing();
        var clockRequest = Requests.Clock("02:00", "08:00", "14:00", "20:00");
        var clock = Plan(clockRequest with
        {
            Treatment = clockRequest.Treatment! with { TimesPerDay = 4, DurationDays = 30 },
        }).Treatment.ToDosing();

        Assert.Equal(120, All(interval).Count);
        Assert.Equal(120, All(clock).Count);
        Assert.Equal(120, All(clock).Distinct().Count());
    }

    [Fact]
    public void DueTimes_TenDaysThreeADayPlan_Is30DosesFromTheFirst()
    {
        var plan = Plan(Valid);

        var times = All(plan.Treatment.ToDosing());

        Assert.Equal(30, times.Count);
        Assert.Equal(plan.Treatment.FirstDoseAt, times[0]);
        Assert.True(times[^1] < plan.Treatment.EndsAt);
    }

    [Fact]
    public void NextSlot_AfterAPause_IsTheNextDoseOfTheSameGrid()
    {
        var grid = Interval("2026-03-10T08:00:00+01:00", 3, days: 10);

        // Paused 11/3 10:00, resumed 12/3 19:00: the 16:00 and earlier doses are skipped, not caught up.
        Assert.Equal(At("2026-03-13T00:00:00+01:00"), DosingSchedule.NextSlot(grid, At("2026-03-12T19:00:00+01:00")));
    }

    [Fact]
    public void NextSlot_ExactlyAtADose_IsTheOneAfter() =>
        Assert.Equal(
            At("2026-03-10T16:00:00+01:00"),
            DosingSchedule.NextSlot(Interval("2026-03-10T08:00:00+01:00", 3, days: 10), At("2026-03-10T08:00:00+01:00")));

    [Fact]
    public void NextSlot_BeforeTheAnchor_IsTheAnchor() =>
        Assert.Equal(
            At("2026-03-10T08:00:00+01:00"),
            DosingSchedule.NextSlot(Interval("2026-03-10T08:00:00+01:00", 3, days: 10), At("2026-03-01T00:00:00+01:00")));

    [Fact]
    public void NextSlot_AfterTheLastDose_IsNull() =>
        Assert.Null(DosingSchedule.NextSlot(Interval("2026-03-10T08:00:00+01:00", 3, days: 1), At("2026-03-11T00:00:00+01:00")));

    [Fact]
    public void NextSlot_ClockOncePerDayAcrossSpringForward_FindsTomorrowsDose()
    {
        var grid = ClockGrid("2026-03-28T02:30:00+01:00", "2026-04-05T00:00:00+02:00", 2, 30);

        Assert.Equal(At("2026-03-29T03:30:00+02:00"), DosingSchedule.NextSlot(grid, At("2026-03-28T02:31:00+01:00")));
    }

    [Fact]
    public void Rescheduled_ThreeToFourADay_NextVisitKeepsItsTimeLaterOnesEvery6Hours()
    {
        var old = Interval("2026-03-10T08:00:00+01:00", 3, days: 10);
        var nextVisit = At("2026-03-12T16:00:00+01:00");

        var grid = DosingSchedule.Rescheduled(old, nextVisit, 4);

        Assert.Equal(old.EndsAt, grid.EndsAt);
        AssertTimes(
            ["2026-03-12T16:00+01:00", "2026-03-12T22:00+01:00", "2026-03-13T04:00+01:00", "2026-03-13T10:00+01:00"],
            DosingSchedule.DueTimes(grid, nextVisit, At("2026-03-13T16:00:00+01:00")));
        Assert.Empty(DosingSchedule.DueTimes(grid, old.Anchor, nextVisit));
        Assert.Equal(At("2026-03-12T22:00:00+01:00"), DosingSchedule.NextSlot(grid, nextVisit));
    }

    [Fact]
    public void Rescheduled_ClockWithoutNewTimes_SpreadsTheDayFromTheNextVisit()
    {
        var old = ClockGrid("2026-03-10T08:00:00+01:00", "2026-03-20T08:00:00+01:00", 8, 0, 16, 0, 0, 0);

        var grid = DosingSchedule.Rescheduled(old, At("2026-03-12T08:00:00+01:00"), 4);

        Assert.Equal([new LocalTime(2, 0), new LocalTime(8, 0), new LocalTime(14, 0), new LocalTime(20, 0)], grid.ClockTimes);
        AssertTimes(
            ["2026-03-12T08:00+01:00", "2026-03-12T14:00+01:00", "2026-03-12T20:00+01:00", "2026-03-13T02:00+01:00"],
            DosingSchedule.DueTimes(grid, At("2026-03-12T00:00:00+01:00"), At("2026-03-13T08:00:00+01:00")));
    }

    [Fact]
    public void Rescheduled_ClockWithNewTimes_KeepsTheNextVisitThenUsesThem()
    {
        var old = ClockGrid("2026-03-10T08:00:00+01:00", "2026-03-20T08:00:00+01:00", 8, 0, 16, 0, 0, 0);

        var grid = DosingSchedule.Rescheduled(old, At("2026-03-12T16:00:00+01:00"), 2, [new LocalTime(21, 0), new LocalTime(9, 0)]);

        AssertTimes(
            ["2026-03-12T16:00+01:00", "2026-03-12T21:00+01:00", "2026-03-13T09:00+01:00"],
            DosingSchedule.DueTimes(grid, At("2026-03-12T00:00:00+01:00"), At("2026-03-13T12:00:00+01:00")));
        Assert.Throws<ArgumentException>(() => DosingSchedule.Rescheduled(old, old.Anchor, 3, [new LocalTime(9, 0)]));
    }

    [Fact]
    public void EndOfLastDay_IsMidnightLocalTheDayAfter()
    {
        Assert.Equal(At("2026-03-29T00:00:00+01:00"), DosingSchedule.EndOfLastDay(new DateOnly(2026, 3, 28)));
        Assert.Equal(At("2026-10-26T00:00:00+01:00"), DosingSchedule.EndOfLastDay(new DateOnly(2026, 10, 25)));
        Assert.Equal(At("2026-07-02T00:00:00+02:00"), DosingSchedule.EndOfLastDay(new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void DosingParameters_RoundTripThroughThePayloadSerializer_KeepsClockTimes()
    {
        var grid = ClockGrid("2026-03-28T02:30:00+01:00", "2026-03-31T02:30:00+02:00", 2, 30, 10, 30, 18, 30);

        var json = JsonSerializer.Serialize(grid, DurableSerializer.Options);
        var back = JsonSerializer.Deserialize<DosingParameters>(json, DurableSerializer.Options)!;

        Assert.Contains("\"clockTimes\":[\"02:30\",\"10:30\",\"18:30\"]", json, StringComparison.Ordinal);
        Assert.Equal(grid.ClockTimes, back.ClockTimes);
        Assert.Equal(All(grid), All(back));
    }
}
