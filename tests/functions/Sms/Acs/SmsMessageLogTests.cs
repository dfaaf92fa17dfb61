using HaH.Orchestration.Functions.Sms.Acs;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Functions.Tests.Sms.Acs;

public sealed class SmsMessageLogTests
{
    private const string Nurse = "+4520000002";
    private static readonly DateTimeOffset Sent = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task BeginSendAsync_SecondAttempt_GetsTheFirstAttemptsTimeInWholeSeconds()
    {
        var log = await CreateLogAsync();

        var first = await log.BeginSendAsync("m1", Sent.AddMilliseconds(700), default);
        var second = await log.BeginSendAsync("m1", Sent.AddMinutes(3), default);

        Assert.Equal((Sent, (string?)null), first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task BeginSendAsync_AfterAcceptance_NamesAcssMessageId()
    {
        var log = await CreateLogAsync();
        await log.BeginSendAsync("m1", Sent, default);

        await log.RecordAcceptedAsync("m1", "Outgoing_1", Nurse, Sent.AddSeconds(1), default);

        Assert.Equal((Sent, "Outgoing_1"), await log.BeginSendAsync("m1", Sent.AddMinutes(1), default));
        Assert.Equal(new SmsDeliveryState("m1", "Outgoing_1", "+45******02", Sent.AddSeconds(1), null, null, 0, null), await log.GetAsync("m1", default));
    }

    [Fact]
    public async Task RecordReportAsync_ReportBeforeTheAcceptanceIsWritten_BothEndUpInTheState()
    {
        var log = await CreateLogAsync();
        await log.BeginSendAsync("m1", Sent, default);

        Assert.True(await log.RecordReportAsync(new SmsDeliveryReport("Outgoing_1", Nurse, "Delivered", "No error.", 1, Sent.AddSeconds(9)), default));
        await log.RecordAcceptedAsync("m1", "Outgoing_1", Nurse, Sent.AddSeconds(1), default);

        Assert.Equal(
            new SmsDeliveryState("m1", "Outgoing_1", "+45******02", Sent.AddSeconds(1), "Delivered", "No error.", 1, Sent.AddSeconds(9)),
            await log.GetAsync("m1", default));
    }

    [Fact]
    public async Task RecordReportAsync_ReportsInAnyOrder_KeepsTheLatest()
    {
        var log = await CreateLogAsync();
        await log.RecordAcceptedAsync("m1", "Outgoing_1", Nurse, Sent, default);
        var failed = new SmsDeliveryReport("Outgoing_1", Nurse, "Failed", "Carrier timeout", 1, Sent.AddSeconds(5));
        var delivered = new SmsDeliveryReport("Outgoing_1", Nurse, "Delivered", "No error.", 2, Sent.AddSeconds(30));

        Assert.True(await log.RecordReportAsync(delivered, default));
        Assert.False(await log.RecordReportAsync(failed, default));
        Assert.False(await log.RecordReportAsync(delivered, default));

        var state = await log.GetAsync("m1", default);
        Assert.Equal(("Delivered", 2, Sent.AddSeconds(30)), (state!.Status, state.DeliveryAttempts, state.LastReportAt));
    }

    [Fact]
    public async Task RecordReportAsync_ConcurrentReports_TheLatestWins()
    {
        var log = await CreateLogAsync();
        await log.RecordAcceptedAsync("m1", "Outgoing_1", Nurse, Sent, default);

        await Task.WhenAll(Enumerable.Range(1, 5).Select(second =>
            log.RecordReportAsync(new SmsDeliveryReport("Outgoing_1", Nurse, $"status-{second}", null, second, Sent.AddSeconds(second)), default)));

        Assert.Equal("status-5", (await log.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task GetAsync_NotAcceptedByAcs_IsNull()
    {
        var log = await CreateLogAsync();
        await log.BeginSendAsync("m1", Sent, default);

        Assert.Null(await log.GetAsync("m1", default));
        Assert.Null(await log.GetAsync("never-sent", default));
    }

    private static async Task<SmsMessageLog> CreateLogAsync() =>
        new((await TestAzurite.GetAccountAsync()).Tables, TestTaskHub.NewName());
}
