using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Sms.Acs;
using HaH.Orchestration.Functions.Sms.Sending;
using HaH.Orchestration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaH.Orchestration.Functions.Tests.Sms.Acs;

public sealed class AcsSmsSenderTests : IAsyncLifetime
{
    private const string Sender = "+4512345678";
    private const string Nurse = "+4520000002";

    private readonly VirtualTimeProvider _wallClock = new(DateTimeOffset.UtcNow);
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private readonly string _hub = TestTaskHub.NewName();
    private FakeAcs _acs = null!;
    private SmsMessageLog _log = null!;

    public async Task InitializeAsync()
    {
        _acs = await FakeAcs.StartAsync();
        _log = new SmsMessageLog((await TestAzurite.GetAccountAsync()).Tables, _hub);
    }

    public async Task DisposeAsync()
    {
        await _acs.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_NewMessage_TextsTheRecipientFromTheSenderWithDeliveryReports()
    {
        var sms = new OutgoingSms("ADM-1:visit-1", Nurse, "eHospital: IV kl. 14:00, Algade 1, Næstved. Svar OK 4711 når givet");

        var result = await Sender_().SendAsync(sms, default);

        Assert.Equal(new SmsSendResult(sms.MessageId, Accepted: true, Error: null), result);
        var texted = Assert.Single(_acs.Texted);
        Assert.Equal((Sender, Nurse, sms.Body, true), (texted.From, texted.To, texted.Message, texted.DeliveryReport));
        Assert.Equal(AcsSmsSender.RepeatabilityRequestId(_hub, sms.MessageId), texted.RepeatabilityRequestId);
        Assert.Null(Assert.Single(_acs.Requests).SignatureProblem);
        var state = await _log.GetAsync(sms.MessageId, default);
        Assert.NotNull(state);
        Assert.Equal((texted.AcsMessageId, "+45******02", null), (state.AcsMessageId, state.To, state.Status));
    }

    [Fact]
    public async Task SendAsync_AnswerLostThenRetried_TextsOnceWithTheSameRepeatabilityIdAndFirstSent()
    {
        var sms = new OutgoingSms("ADM-1:visit-2", Nurse, "Svar OK 1234");
        _acs.LoseNextAnswer();

        var lost = await Assert.ThrowsAsync<HttpRequestException>(() => Sender_().SendAsync(sms, default));
        _wallClock.Advance(TimeSpan.FromMinutes(2));

        // The retry runs in a new activity, maybe on another worker: a new sender over the same table.
        var retried = await Sender_().SendAsync(sms, default);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
        Assert.True(retried.Accepted);
        Assert.Single(_acs.Texted);
        var recipients = _acs.Requests.Select(request => Recipient(request.Body)).ToList();
        Assert.Equal(2, recipients.Count);
        Assert.Equal(recipients[0], recipients[1]);
    }

    [Fact]
    public async Task SendAsync_SameMessageIdAfterAcceptance_CallsAcsNoMore()
    {
        var sms = new OutgoingSms("ADM-1:visit-3", Nurse, "Svar OK 2345");

        var first = await Sender_().SendAsync(sms, default);
        var again = await Sender_().SendAsync(sms with { Body = "rendered differently by a retried activity" }, default);

        Assert.True(first.Accepted);
        Assert.True(again.Accepted);
        Assert.Single(_acs.Requests);
        Assert.Equal("Svar OK 2345", Assert.Single(_acs.Texted).Message);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [InlineData(500)]
    public async Task SendAsync_ThrottledOrUnavailable_ThrowsForTheRetryPolicyAndTheRetryKeepsTheFirstSentTime(int status)
    {
        var sms = new OutgoingSms($"ADM-1:visit-{status}", Nurse, "Svar OK 3456");
        var firstAttempt = _wallClock.GetUtcNow();
        _acs.FailNext(status);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Sender_().SendAsync(sms, default));
        Assert.Empty(_acs.Texted);
        _wallClock.Advance(TimeSpan.FromSeconds(15));
        var retried = await Sender_().SendAsync(sms, default);

        Assert.Equal(status, (int?)error.StatusCode);
        Assert.True(retried.Accepted);
        var texted = Assert.Single(_acs.Texted);
        Assert.Equal(Recipient(_acs.Requests[0].Body), Recipient(_acs.Requests[1].Body));
        Assert.Equal(firstAttempt.ToString("R", CultureInfo.InvariantCulture), texted.FirstSent);
    }

    [Fact]
    public async Task SendAsync_RecipientRefused_IsReportedNotAcceptedAndNotThrown()
    {
        _acs.Refuse(Nurse, "Invalid To phone number format.");

        var result = await Sender_().SendAsync(new OutgoingSms("ADM-1:visit-4", Nurse, "Svar OK 4567"), default);

        Assert.False(result.Accepted);
        Assert.Contains("400", result.Error, StringComparison.Ordinal);
        Assert.Contains("Invalid To phone number format.", result.Error, StringComparison.Ordinal);
        Assert.Empty(_acs.Texted);
        Assert.Null(await _log.GetAsync("ADM-1:visit-4", default));
    }

    [Fact]
    public async Task SendAsync_SignedWithAnotherKey_IsRefusedByAcsAndNothingIsTexted()
    {
        var sender = Sender_($"endpoint={_acs.Endpoint};accesskey={Convert.ToBase64String(new byte[64])}");

        var result = await sender.SendAsync(new OutgoingSms("ADM-1:visit-5", Nurse, "Svar OK 5678"), default);

        Assert.False(result.Accepted);
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.Equal("the signature does not match", Assert.Single(_acs.Requests).SignatureProblem);
        Assert.Empty(_acs.Texted);
    }

    [Fact]
    public async Task FakeAcs_TamperedBodyOrSignature_IsRefusedWith401()
    {
        var sender = Sender_();
        var body = Encoding.UTF8.GetBytes("""{"from":"+4512345678","smsRecipients":[{"to":"+4520000002","repeatabilityRequestId":"x","repeatabilityFirstSent":"Mon, 02 Mar 2026 10:00:00 GMT"}],"message":"hej","smsSendOptions":{"enableDeliveryReport":true}}""");
        using var http = new HttpClient();

        using var signed = Request(sender.SendUri, body);
        AcsHmacSigning.Sign(signed, body, Convert.FromBase64String(_acs.AccessKey), DateTimeOffset.UtcNow);
        using var tamperedBody = Request(sender.SendUri, [.. body.Select(b => b == (byte)'j' ? (byte)'J' : b)]);
        AcsHmacSigning.Sign(tamperedBody, body, Convert.FromBase64String(_acs.AccessKey), DateTimeOffset.UtcNow);
        using var tamperedSignature = Request(sender.SendUri, body);
        AcsHmacSigning.Sign(tamperedSignature, body, Convert.FromBase64String(_acs.AccessKey), DateTimeOffset.UtcNow);
        var authorization = tamperedSignature.Headers.GetValues("Authorization").Single();
        tamperedSignature.Headers.Remove("Authorization");
        tamperedSignature.Headers.TryAddWithoutValidation("Authorization", authorization[..^4] + (authorization[^4] == 'A' ? "B" : "A") + authorization[^3..]);

        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(signed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(tamperedBody)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(tamperedSignature)).StatusCode);
        Assert.Equal(
            [null, "x-ms-content-sha256 is not the hash of the body", "the signature does not match"],
            _acs.Requests.Select(request => request.SignatureProblem));
    }

    [Fact]
    public async Task SendAsync_SameMessageIdFromAnotherTaskHub_IsAnotherSms()
    {
        var otherHub = TestTaskHub.NewName();
        var other = new AcsSmsSender(
            _services.GetRequiredService<IHttpClientFactory>(), Options(_acs.ConnectionString),
            new SmsMessageLog((await TestAzurite.GetAccountAsync()).Tables, otherHub), otherHub, _wallClock, NullLogger<AcsSmsSender>.Instance);
        var sms = new OutgoingSms("ADM-1:visit-6", Nurse, "Svar OK 6789");

        await Sender_().SendAsync(sms, default);
        await other.SendAsync(sms, default);

        Assert.Equal(2, _acs.Texted.Count);
        Assert.NotEqual(AcsSmsSender.RepeatabilityRequestId(_hub, sms.MessageId), AcsSmsSender.RepeatabilityRequestId(otherHub, sms.MessageId));
    }

    [Fact]
    public void RepeatabilityRequestId_IsAStableVersion8Uuid()
    {
        var id = AcsSmsSender.RepeatabilityRequestId("hah", "ADM-2026-0001:visit-1");

        Assert.Equal(id, AcsSmsSender.RepeatabilityRequestId("hah", "ADM-2026-0001:visit-1"));
        Assert.NotEqual(id, AcsSmsSender.RepeatabilityRequestId("hah", "ADM-2026-0001:visit-2"));
        Assert.True(Guid.TryParseExact(id, "D", out _));
        Assert.Equal('8', id[14]);
        Assert.Contains(id[19], "89ab");
    }

    private AcsSmsSender Sender_(string? connectionString = null) => new(
        _services.GetRequiredService<IHttpClientFactory>(),
        Options(connectionString ?? _acs.ConnectionString),
        _log,
        _hub,
        _wallClock,
        NullLogger<AcsSmsSender>.Instance);

    private static AcsSmsOptions Options(string connectionString) => new() { ConnectionString = connectionString, From = Sender };

    private static string Recipient(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("smsRecipients")[0].GetRawText();

    private static HttpRequestMessage Request(Uri uri, byte[] body) => new(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
}
