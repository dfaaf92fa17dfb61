using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Sms.Sending;

public sealed class LocalSmsOutboxTests
{
    private const string Nurse = "+4520000002";
    private const string MobileUnit = "+4520000003";
    private static readonly DateTimeOffset Start = new(2026, 3, 28, 13, 0, 0, TimeSpan.Zero);

    private readonly VirtualTimeProvider _clock = new(Start);

    [Fact]
    public async Task SendAsync_NewMessage_IsAcceptedAndListedForItsRecipient()
    {
        var outbox = await CreateOutboxAsync();

        var result = await outbox.SendAsync(new OutgoingSms("ADM-1/visit-1/reminder", Nurse, "Svar OK 4711 når givet"), default);

        Assert.Equal(new SmsSendResult("ADM-1/visit-1/reminder", Accepted: true, Error: null), result);
        var sent = Assert.Single(await outbox.ListAsync(Nurse, default));
        Assert.Equal(new SentSms("ADM-1/visit-1/reminder", Nurse, "Svar OK 4711 når givet", Start), sent);
        Assert.Empty(await outbox.ListAsync(MobileUnit, default));
    }

    [Fact]
    public async Task ListAsync_OneRecipient_ListsOnlyTheirsOldestFirst()
    {
        var outbox = await CreateOutboxAsync();

        // Ids in reverse alphabetical order, so that row-key order would be the wrong answer.
        await outbox.SendAsync(new OutgoingSms("z-first", Nurse, "1"), default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await outbox.SendAsync(new OutgoingSms("m-other", MobileUnit, "2"), default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await outbox.SendAsync(new OutgoingSms("a-third", Nurse, "3"), default);

        var listed = await outbox.ListAsync(Nurse, default);

        Assert.Equal(["z-first", "a-third"], listed.Select(sms => sms.Id));
        Assert.Equal([Start, Start.AddMinutes(2)], listed.Select(sms => sms.SentAt));
    }

    [Fact]
    public async Task ListAsync_NoRecipient_ListsEveryRecipientOldestFirst()
    {
        var outbox = await CreateOutboxAsync();

        // The later recipient sorts first by partition key; the listing must follow time instead.
        await outbox.SendAsync(new OutgoingSms("one", MobileUnit, "1"), default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await outbox.SendAsync(new OutgoingSms("two", Nurse, "2"), default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await outbox.SendAsync(new OutgoingSms("three", MobileUnit, "3"), default);

        Assert.Equal(["one", "two", "three"], (await outbox.ListAsync(null, default)).Select(sms => sms.Id));
        Assert.Equal(["one", "two", "three"], (await outbox.ListAsync("", default)).Select(sms => sms.Id));
    }

    [Fact]
    public async Task ListAsync_TwoHostsWithDifferentClocks_OrdersBySentAtNotWriteOrder()
    {
        var account = await TestAzurite.GetAccountAsync();
        var hub = TestTaskHub.NewName();
        var ahead = new LocalSmsOutbox(account.Tables, hub, new VirtualTimeProvider(Start.AddHours(1)), NullLogger<LocalSmsOutbox>.Instance);
        var behind = new LocalSmsOutbox(account.Tables, hub, _clock, NullLogger<LocalSmsOutbox>.Instance);

        await ahead.SendAsync(new OutgoingSms("written-first", Nurse, "1"), default);
        await behind.SendAsync(new OutgoingSms("written-second", Nurse, "2"), default);

        Assert.Equal(["written-second", "written-first"], (await ahead.ListAsync(Nurse, default)).Select(sms => sms.Id));
    }

    [Fact]
    public async Task SendAsync_SameMessageIdAgain_StoresItOnceAndAcceptsBoth()
    {
        var outbox = await CreateOutboxAsync();
        var sms = new OutgoingSms("ADM-1/visit-3/reminder", Nurse, "Svar OK 1234 når givet");

        var first = await outbox.SendAsync(sms, default);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var again = await outbox.SendAsync(sms with { Body = "a retried activity rendered this differently" }, default);

        Assert.True(first.Accepted);
        Assert.True(again.Accepted);
        Assert.Null(again.Error);
        var stored = Assert.Single(await outbox.ListAsync(null, default));
        Assert.Equal(new SentSms(sms.MessageId, Nurse, sms.Body, Start), stored);
    }

    [Fact]
    public async Task SendAsync_DanishTextAndUnusualKeys_RoundTrip()
    {
        var outbox = await CreateOutboxAsync();
        const string body = "eHospital: IV Piperacillin 4 g kl. 14:00, Ærøvej 1, Næstved (ØÅ). Svar OK 4711 når givet, NEJ 4711 hvis ikke. æøå ÆØÅ";
        const string oddRecipient = "+45 20/00#01?%";

        await outbox.SendAsync(new OutgoingSms("ADM-2026-0001/visit#1?reminder%", oddRecipient, body), default);

        var sent = Assert.Single(await outbox.ListAsync(oddRecipient, default));
        Assert.Equal(new SentSms("ADM-2026-0001/visit#1?reminder%", oddRecipient, body, Start), sent);
    }

    [Fact]
    public async Task RecordDeliveryAsync_ReportsInAnyOrder_KeepsTheLatest()
    {
        var outbox = await CreateOutboxAsync();
        await outbox.SendAsync(new OutgoingSms("m1", Nurse, "hej"), default);
        Assert.Null(await outbox.GetDeliveryAsync("m1", Nurse, default));

        Assert.True(await outbox.RecordDeliveryAsync("m1", Nurse, "Sent", Start.AddSeconds(1), default));
        Assert.True(await outbox.RecordDeliveryAsync("m1", Nurse, "Delivered", Start.AddSeconds(5), default));
        Assert.False(await outbox.RecordDeliveryAsync("m1", Nurse, "Sent", Start.AddSeconds(1), default));
        Assert.False(await outbox.RecordDeliveryAsync("m1", Nurse, "Delivered", Start.AddSeconds(5), default));

        Assert.Equal(new SmsDelivery("m1", Nurse, "Delivered", Start.AddSeconds(5)), await outbox.GetDeliveryAsync("m1", Nurse, default));
        Assert.Single(await outbox.ListAsync(Nurse, default));
    }

    [Fact]
    public async Task RecordDeliveryAsync_ConcurrentReports_TheLatestWins()
    {
        var outbox = await CreateOutboxAsync();

        // Every lost race means another report was written, so five reports settle within five attempts.
        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(second =>
            outbox.RecordDeliveryAsync("m2", Nurse, $"status-{second}", Start.AddSeconds(second), default)));

        Assert.Contains(true, results);
        Assert.Equal("status-5", (await outbox.GetDeliveryAsync("m2", Nurse, default))?.Status);
    }

    [Fact]
    public void Constructor_InvalidTaskHub_ExplainsTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new LocalSmsOutbox(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true"), "Bad-Hub", _clock, NullLogger<LocalSmsOutbox>.Instance));

        Assert.Contains("task hub", error.Message, StringComparison.Ordinal);
    }

    private async Task<LocalSmsOutbox> CreateOutboxAsync()
    {
        var account = await TestAzurite.GetAccountAsync();
        return new LocalSmsOutbox(account.Tables, TestTaskHub.NewName(), _clock, NullLogger<LocalSmsOutbox>.Instance);
    }
}
