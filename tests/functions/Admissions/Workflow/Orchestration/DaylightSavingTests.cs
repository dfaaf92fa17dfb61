using HaH.Orchestration.Functions.Admissions.Planning;
using NodaTime;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>
/// admission.md, "Visits": interval doses keep their elapsed spacing across a daylight-saving
/// change; clock doses keep their local times, a skipped spring time moving forward and an
/// ambiguous autumn time meaning its first occurrence — on the runtime, with the timers the
/// orchestration actually sets (Europe/Copenhagen: 29/3/2026 and 25/10/2026).
/// </summary>
public sealed class DaylightSavingTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);
    private static readonly LocalTime[] ClockTimes = [new(2, 30), new(10, 30), new(18, 30)];

    [Fact]
    public async Task IntervalDosesStayEightHoursApartAcrossSpringForwardSoTheLocalTimesMoveAnHourLater()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: new DateTimeOffset(2026, 3, 28, 14, 0, 0, Cet), days: 2));

        await run.ConfirmEveryVisitUntilAsync(new DateTimeOffset(2026, 3, 29, 16, 0, 0, Cest));

        var visits = await run.VisitsFallenDueAsync();
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 28, 14, 0, 0, Cet), new(2026, 3, 28, 22, 0, 0, Cet), new(2026, 3, 29, 7, 0, 0, Cest), new(2026, 3, 29, 15, 0, 0, Cest)],
            visits.Select(v => v.DueAt));
        Assert.Equal([Cet, Cet, Cest, Cest], visits.Select(v => v.DueAt.Offset));
        Assert.All(visits, v => Assert.Equal("confirmed", v.State));
        var third = await run.ReminderAsync(3);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 6, 0, 0, Cest), third.SentAt);
        Assert.Contains("kl. 07:00", third.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IntervalDosesStayEightHoursApartAcrossFallBackSoTheLocalTimesMoveAnHourEarlier()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: new DateTimeOffset(2026, 10, 24, 14, 0, 0, Cest), days: 2));

        await run.ConfirmEveryVisitUntilAsync(new DateTimeOffset(2026, 10, 25, 14, 0, 0, Cet));

        var visits = await run.VisitsFallenDueAsync();
        Assert.Equal(
            [new DateTimeOffset(2026, 10, 24, 14, 0, 0, Cest), new(2026, 10, 24, 22, 0, 0, Cest), new(2026, 10, 25, 5, 0, 0, Cet), new(2026, 10, 25, 13, 0, 0, Cet)],
            visits.Select(v => v.DueAt));
        Assert.All(visits, v => Assert.Equal("confirmed", v.State));
        var third = await run.ReminderAsync(3);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 4, 0, 0, Cet), third.SentAt);
        Assert.Contains("kl. 05:00", third.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClockDoseAtASkippedSpringTimeMovesForwardAndTheOthersKeepTheirLocalTimes()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(
            firstDose: new DateTimeOffset(2026, 3, 28, 10, 30, 0, Cet), days: 3, schedule: ScheduleKind.Clock, clockTimes: ClockTimes));

        await run.ConfirmEveryVisitUntilAsync(new DateTimeOffset(2026, 3, 29, 12, 0, 0, Cest));

        var visits = await run.VisitsFallenDueAsync();
        // 02:30 does not exist on 29/3: that dose is at 03:30 summer time.
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 28, 10, 30, 0, Cet), new(2026, 3, 28, 18, 30, 0, Cet), new(2026, 3, 29, 3, 30, 0, Cest), new(2026, 3, 29, 10, 30, 0, Cest)],
            visits.Select(v => v.DueAt));
        Assert.All(visits, v => Assert.Equal("confirmed", v.State));
        var third = await run.ReminderAsync(3);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, Cet), third.SentAt);
        Assert.Contains("kl. 03:30", third.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClockDoseAtAnAmbiguousAutumnTimeIsGivenAtItsFirstOccurrence()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(
            firstDose: new DateTimeOffset(2026, 10, 24, 10, 30, 0, Cest), days: 3, schedule: ScheduleKind.Clock, clockTimes: ClockTimes));

        await run.ConfirmEveryVisitUntilAsync(new DateTimeOffset(2026, 10, 25, 12, 0, 0, Cet));

        var visits = await run.VisitsFallenDueAsync();
        // 02:30 happens twice on 25/10: the first, still summer time (00:30 UTC); 10:30 is then 9 hours later.
        Assert.Equal(
            [new DateTimeOffset(2026, 10, 24, 10, 30, 0, Cest), new(2026, 10, 24, 18, 30, 0, Cest), new(2026, 10, 25, 2, 30, 0, Cest), new(2026, 10, 25, 10, 30, 0, Cet)],
            visits.Select(v => v.DueAt));
        Assert.Equal(Cest, visits[2].DueAt.Offset);
        Assert.All(visits, v => Assert.Equal("confirmed", v.State));
        var third = await run.ReminderAsync(3);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, Cest), third.SentAt);
        Assert.Contains("kl. 02:30", third.Body, StringComparison.Ordinal);
    }
}
