using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HaH.Orchestration.Functions.Sms.Acs;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Sms.Webhook;

/// <summary><c>/api/sms/events</c> with Event Grid's deliveries in both schemas, through the whole app.</summary>
public sealed class SmsWebhookTests
{
    private const string Start = "2026-03-02T10:00:00+01:00";
    private const string Stranger = "+4520000009";
    private const string MobileUnit = "+4520000003";

    [Fact]
    public async Task TheSubscriptionValidationEventIsAnsweredWithItsCode()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);

        var answer = await PostAsync(http, SmsEventPayloads.SubscriptionValidation("2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task AnSmsReceivedEventReachesTheSendersPhoneLineAndARepeatedDeliveryChangesNothing()
    {
        using var app = await TestApplication.StartAsync(VirtualClock());
        using var http = app.CreateClient(TestApplication.SmsKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        var delivery = SmsEventPayloads.SmsReceived("Incoming_20260302110500-7a1f", Stranger, "OK 4711");

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, delivery)).StatusCode);
        await AdvanceAsync(admin, "PT1S");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, delivery)).StatusCode);
        await AdvanceAsync(admin, "PT1S");

        // The phone line of a number with no open items answers with the help text: once.
        var sent = await admin.GetFromJsonAsync<JsonElement[]>($"/api/dev/sms?to={Uri.EscapeDataString(Stranger)}");
        var help = Assert.Single(sent!);
        Assert.Equal("Incoming_20260302110500-7a1f:help", help.GetProperty("id").GetString());
    }

    [Fact]
    public async Task ACloudEventsSmsReceivedReachesTheSendersPhoneLine()
    {
        using var app = await TestApplication.StartAsync(VirtualClock());
        using var http = app.CreateClient(TestApplication.SmsKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);

        var single = await PostAsync(http, SmsEventPayloads.CloudEventSmsReceived("ce-1", Stranger, "hvad?"), "application/cloudevents+json");
        var batch = await PostAsync(
            http,
            SmsEventPayloads.CloudEventsBatch(SmsEventPayloads.CloudEventSmsReceived("ce-2", "4520000008", "OK"), SmsEventPayloads.CloudEventSmsReceived("ce-1", Stranger, "hvad?")),
            "application/cloudevents-batch+json");
        await AdvanceAsync(admin, "PT1S");

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var sent = await admin.GetFromJsonAsync<JsonElement[]>("/api/dev/sms");
        Assert.Equal(
            [("ce-1:help", Stranger), ("ce-2:help", "+4520000008")],
            sent!.Select(sms => (sms.GetProperty("id").GetString(), sms.GetProperty("to").GetString())).Order());
    }

    [Fact]
    public async Task TheCloudEventsValidationHandshakeEchoesTheOriginWithTheKeyInTheQuery()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();
        using var handshake = new HttpRequestMessage(HttpMethod.Options, $"/api/sms/events?code={TestApplication.SmsKey}");
        handshake.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        handshake.Headers.Add("WebHook-Request-Rate", "120");

        var answer = await http.SendAsync(handshake);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(answer.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("WebHook-Allowed-Rate")));
        using var withoutOrigin = new HttpRequestMessage(HttpMethod.Options, $"/api/sms/events?code={TestApplication.SmsKey}");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(withoutOrigin)).StatusCode);
    }

    [Fact]
    public async Task ADeliveryReportUpdatesTheSentMessagesStateAndAnOlderOneDoesNot()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);
        var messages = app.Services.GetRequiredService<SmsMessageLog>();
        await messages.RecordAcceptedAsync("ADM-1:visit-1", "Outgoing_20260302110000-aa11", MobileUnit, DateTimeOffset.Parse("2026-03-02T10:00:01Z", null), default);

        var delivered = await PostAsync(http, SmsEventPayloads.DeliveryReport("dr-1", "Outgoing_20260302110000-aa11", MobileUnit, "Delivered", "2026-03-02T10:00:09.5Z"));
        var older = await PostAsync(http, SmsEventPayloads.DeliveryReport("dr-0", "Outgoing_20260302110000-aa11", MobileUnit, "Failed", "2026-03-02T10:00:05Z", "Carrier timeout"));

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        Assert.Equal(
            new SmsDeliveryState("ADM-1:visit-1", "Outgoing_20260302110000-aa11", "+45******03", DateTimeOffset.Parse("2026-03-02T10:00:01Z", null),
                "Delivered", "No error.", 1, DateTimeOffset.Parse("2026-03-02T10:00:09.5Z", null)),
            await messages.GetAsync("ADM-1:visit-1", default));
    }

    [Fact]
    public async Task ARepeatedEventIdIsAcknowledgedAndChangesNothing()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);
        var messages = app.Services.GetRequiredService<SmsMessageLog>();
        await messages.RecordAcceptedAsync("ADM-1:visit-2", "Outgoing_2", MobileUnit, DateTimeOffset.Parse("2026-03-02T10:00:01Z", null), default);

        await PostAsync(http, SmsEventPayloads.DeliveryReport("dr-7", "Outgoing_2", MobileUnit, "Delivered", "2026-03-02T10:00:09Z"));
        // The same event id again, even with content that would win on its own: it was processed.
        var repeated = await PostAsync(http, SmsEventPayloads.DeliveryReport("dr-7", "Outgoing_2", MobileUnit, "Failed", "2026-03-02T10:09:00Z", "Changed"));

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var state = await messages.GetAsync("ADM-1:visit-2", default);
        Assert.Equal(("Delivered", "No error."), (state!.Status, state.StatusDetails));
    }

    [Fact]
    public async Task OtherEventTypesAreAcknowledgedAndIgnored()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);

        var answer = await PostAsync(http, SmsEventPayloads.OtherEvent("3c4a-blob"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task TheWebhookNeedsAnSmsOrAdminKeyInTheHeaderOrTheQuery()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = app.CreateClient();
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        var validation = SmsEventPayloads.SubscriptionValidation("v-1", "code-1");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, validation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, validation, query: "?code=not-a-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(integrator, validation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(anonymous, validation, query: $"?code={TestApplication.IntegratorKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(anonymous, validation, query: $"?code={TestApplication.SmsKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, validation)).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not json")]
    [InlineData("42")]
    [InlineData("\"SMSReceived\"")]
    [InlineData("[{\"id\":")]
    public async Task ABodyThatIsNotAnEventGridDeliveryIsRefusedWithProblemDetails(string body)
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.SmsKey);

        var answer = await PostAsync(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
    }

    internal static Dictionary<string, string?> VirtualClock() => new() { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start };

    internal static Task<HttpResponseMessage> PostAsync(HttpClient http, string json, string contentType = "application/json", string query = "") =>
        http.PostAsync(new Uri("/api/sms/events" + query, UriKind.Relative), new StringContent(json, Encoding.UTF8, contentType));

    internal static async Task AdvanceAsync(HttpClient admin, string by)
    {
        var answer = await admin.PostAsJsonAsync("/api/dev/clock/advance", new { by });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
