namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>
/// The gateway's receivedTimestamp of a reply is not trusted beyond what can be true: never
/// before the item's SMS was sent, never after the host received it.
/// </summary>
public sealed class ReceivedTimestampTests
{
    private static readonly DateTimeOffset FirstDose = AdmissionRun.Local(2026, 3, 2, 14, 0);

    [Fact]
    public async Task AnOkTwoHoursLateStampedIn1999IsRecordedLateAtTheTimeItArrived()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromHours(2));
        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));

        await run.SmsAsync(run.MobileUnitPhone, $"OK {code}", new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("confirmedLate", FirstDose + TimeSpan.FromHours(2)), (visit.State, visit.ConfirmedAt));
    }

    [Fact]
    public async Task AnOkStampedInTheFutureIsRecordedAtTheTimeItArrived()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(10));
        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));

        await run.SmsAsync(run.MobileUnitPhone, $"OK {code}", FirstDose + TimeSpan.FromDays(400));

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("confirmed", FirstDose + TimeSpan.FromMinutes(10)), (visit.State, visit.ConfirmedAt));
    }

    [Fact]
    public async Task AnOkStampedInsideTheWindowKeepsThatTimeWhenItArrivesAfterTheWindow()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(90));
        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));

        // Event Grid redelivers for up to a day: a true stamp inside the window keeps the dose on time.
        await run.SmsAsync(run.MobileUnitPhone, $"OK {code}", FirstDose + TimeSpan.FromMinutes(20));

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("confirmed", FirstDose + TimeSpan.FromMinutes(20)), (visit.State, visit.ConfirmedAt));
    }
}
