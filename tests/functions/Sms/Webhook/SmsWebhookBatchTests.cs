using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HaH.Orchestration.Functions.Sms.Acs;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms.Webhook;

/// <summary>
/// Event Grid delivers events in batches and redelivers a batch that is not answered 2xx: one bad
/// event must not hold back the others. Each event is checked on its own; a bad one is recorded
/// for administrators, counted and acknowledged, and the rest are processed.
/// </summary>
public sealed class SmsWebhookBatchTests
{
    private const string MobileUnit = "+4520000003";
    private const string Stranger = "+4520000009";

    private static readonly string LongSender = "+" + new string('4', 302);
    private static readonly string LongId = new('e', 600);

    [Fact]
    public async Task ABatchWithBadEventsIsAcknowledgedItsGoodEventsAreProcessedAndTheBadOnesAreRecordedForAdministrators()
    {
        using var app = await TestApplication.StartAsync(SmsWebhookTests.VirtualClock());
        using var rejectedCount = new CounterRecorder(app.Services, "HaH.Orchestration.Sms", "hah.sms.events.rejected");
        using var http = app.CreateClient(TestApplication.SmsKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        var messages = app.Services.GetRequiredService<SmsMessageLog>();
        await messages.RecordAcceptedAsync("ADM-1:v1", "Outgoing_1", MobileUnit, DateTimeOffset.Parse("2026-03-02T10:00:01Z", null), default);
        await messages.RecordAcceptedAsync("ADM-1:v2", "Outgoing_2", MobileUnit, DateTimeOffset.Parse("2026-03-02T10:00:01Z", null), default);
        var batch = SmsEventPayloads.Batch(
            SmsEventPayloads.DeliveryReport("dr-1", "Outgoing_1", MobileUnit, "Delivered", "2026-03-02T10:00:09Z"),
            SmsEventPayloads.SmsReceived("in-long-sender", LongSender, "OK 4711"),
            SmsEventPayloads.SmsReceived(LongId, Stranger, "OK 4711"),
            SmsEventPayloads.SmsReceived("in-line-break", Stranger + "\\nINFO Admin signed in", "OK 4711"),
            SmsEventPayloads.SmsReceived("in-long-text", Stranger, new string('x', 5000)),
            SmsEventPayloads.DeliveryReport("dr-2", "Outgoing_2", MobileUnit, "Delivered", "2026-03-02T10:00:10Z"));

        var first = await SmsWebhookTests.PostAsync(http, batch);
        var again = await SmsWebhookTests.PostAsync(http, batch);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Delivered", (await messages.GetAsync("ADM-1:v1", default))!.Status);
        Assert.Equal("Delivered", (await messages.GetAsync("ADM-1:v2", default))!.Status);
        var listing = await admin.GetStringAsync(new Uri("/api/sms/rejected", UriKind.Relative));
        var rejected = JsonSerializer.Deserialize<JsonElement[]>(listing)!;
        Assert.Equal(
            ["invalidId", "invalidSender", "invalidSender", "invalidText"],
            rejected.Select(r => r.GetProperty("reason").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rejected, r => Assert.Equal("Microsoft.Communication.SMSReceived", r.GetProperty("type").GetString()));
        Assert.Contains(rejected, r => r.GetProperty("eventId").GetString() == "in-long-text" && r.GetProperty("sender").GetString() == "+45******09");
        Assert.DoesNotContain(Stranger, listing, StringComparison.Ordinal);
        Assert.DoesNotContain("signed in", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(LongId, listing, StringComparison.Ordinal);
        Assert.Equal(4, rejectedCount.Total);
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/dev/sms") ?? []);
    }

    [Theory]
    [InlineData("""[{"id":"x","subject":"s","data":{},"dataVersion":"1","eventTime":"2026-03-02T10:00:00Z"}]""", "malformed")]
    [InlineData("""{"specversion":"1.0","id":"x","type":"Microsoft.Communication.SMSReceived"}""", "malformed")]
    [InlineData("""[{"id":"x","topic":"t","subject":"s","data":null,"eventType":"Microsoft.Communication.SMSDeliveryReportReceived","dataVersion":"1.0","eventTime":"2026-03-02T10:00:00Z"}]""", "missingData")]
    [InlineData("""[{"id":"x","topic":"t","subject":"s","data":{"to":"+4512345678","message":"OK","receivedTimestamp":"2026-03-02T10:00:00Z"},"eventType":"Microsoft.Communication.SMSReceived","dataVersion":"1.0","eventTime":"2026-03-02T10:00:00Z"}]""", "missingData")]
    [InlineData("""[{"id":"x","topic":"t","subject":"s","data":{"to":"+4520000003","deliveryStatus":"Delivered","receivedTimestamp":"2026-03-02T10:00:00Z"},"eventType":"Microsoft.Communication.SMSDeliveryReportReceived","dataVersion":"1.0","eventTime":"2026-03-02T10:00:00Z"}]""", "missingData")]
    [InlineData("""[17]""", "malformed")]
    public async Task AnEventThatIsNotAUsableSmsEventIsAcknowledgedAndRecordedAsRejected(string body, string reason)
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);

        var answer = await SmsWebhookTests.PostAsync(http, body);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var rejected = Assert.Single(await admin.GetFromJsonAsync<JsonElement[]>("/api/sms/rejected") ?? []);
        Assert.Equal(reason, rejected.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task TheRejectedEventsAreForAdministratorsOnly()
    {
        using var app = await TestApplication.StartAsync();
        using var sms = app.CreateClient(TestApplication.SmsKey);
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await sms.GetAsync(new Uri("/api/sms/rejected", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync(new Uri("/api/sms/rejected", UriKind.Relative))).StatusCode);
    }
}
