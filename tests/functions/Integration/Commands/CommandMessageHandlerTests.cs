using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Integration.Commands;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Integration.Commands;

/// <summary>
/// Commands from the Service Bus queue, through the host's own handler on real Azurite (the
/// processor's messages made with ServiceBusModelFactory, their settlement recorded): applied and
/// completed like the HTTP routes accept them, dead-lettered with the HTTP route's problem text where
/// it refuses them, applied once per MessageId, abandoned when storage fails.
/// </summary>
public sealed class CommandMessageHandlerTests : IDisposable
{
    private const string Start = "2026-03-02T10:00:00+01:00";

    private readonly TestApplication _app;
    private readonly HttpClient _http;

    public CommandMessageHandlerTests()
    {
        _app = new TestApplication(Testing.TestAzurite.GetAsync().GetAwaiter().GetResult().ConnectionString,
            new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        _http = _app.CreateClient(TestApplication.AdminKey);
    }

    public void Dispose()
    {
        _http.Dispose();
        _app.Dispose();
    }

    private CommandMessageHandler Handler => _app.Services.GetRequiredService<CommandMessageHandler>();

    [Fact]
    public async Task EveryCommandIsAppliedAndCompletedAndAnEndedAdmissionDeadLettersTheNext()
    {
        Assert.Equal("completed", await HandleAsync(Message("start", null, AdmissionOverHttpTests.StartBody("SB-ALL", durationDays: 3))));
        Assert.Equal("Treatment", (await ViewAsync("SB-ALL")).GetProperty("phase").GetString());

        Assert.Equal("completed", await HandleAsync(Message("plan", "SB-ALL", new { timesPerDay = 3 })));
        Assert.Equal(3, (await ViewAsync("SB-ALL")).GetProperty("treatment").GetProperty("timesPerDay").GetInt32());
        Assert.Equal("completed", await HandleAsync(Message("rounds", "SB-ALL", new { note = "Stabil." })));
        Assert.Equal(1, (await ViewAsync("SB-ALL")).GetProperty("rounds").GetProperty("count").GetInt32());
        Assert.Equal("completed", await HandleAsync(Message("medication-delivered", "SB-ALL", new { deliveredAt = "2026-03-02T11:00:00+01:00", days = 7 })));
        Assert.NotEqual(JsonValueKind.Null, (await ViewAsync("SB-ALL")).GetProperty("medication").GetProperty("deliveredAt").ValueKind);
        Assert.Equal("completed", await HandleAsync(Message("pause", "SB-ALL", new { reason = "Genindlagt" })));
        Assert.Equal("Paused", (await ViewAsync("SB-ALL")).GetProperty("phase").GetString());
        Assert.Equal("completed", await HandleAsync(Message("RESUME", "SB-ALL", null)));
        Assert.Equal("Treatment", (await ViewAsync("SB-ALL")).GetProperty("phase").GetString());
        Assert.Equal("completed", await HandleAsync(Message("discharge", "SB-ALL", new { reason = "Rask" }, subjectOnly: true)));
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsJsonAsync("/api/dev/clock/advance", new { by = "PT1M" })).StatusCode);
        Assert.Equal("Completed", (await ViewAsync("SB-ALL")).GetProperty("runtimeStatus").GetString());

        var ended = await SettleAsync(Message("pause", "SB-ALL", new { reason = "For sent" }));
        var http = await _http.PostAsJsonAsync("/api/admissions/SB-ALL/pause", new { reason = "For sent" });
        AssertDeadLettered(ended, "AdmissionEnded", await ProblemTextAsync(http, HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("plan", """{"timesPerDay":9,"dose":" ","endDate":"28-03-2026"}""", "ValidationFailed")]
    [InlineData("plan", "", "ValidationFailed")]
    [InlineData("pause", """{"reason":"REASON"}""", "ValidationFailed")]
    [InlineData("medication-delivered", """{"deliveredAt":"2026-03-02T11:00:00","days":0}""", "ValidationFailed")]
    [InlineData("rounds", """{"at":"yesterday"}""", "ValidationFailed")]
    [InlineData("rounds", """{"at": "2026-03-02T11:00:00+01:00", "note": """, "MalformedJson")]
    [InlineData("medication-delivered", """{"days":"seven"}""", "MalformedJson")]
    [InlineData("discharge", """{"reason":"Rask"}""", "AdmissionNotFound")]
    public async Task AnInvalidChangeIsDeadLetteredWithTheProblemTextTheHttpRouteAnswersAndChangesNothing(string command, string json, string reason)
    {
        var id = reason == "AdmissionNotFound" ? "SB-NOBODY" : "SB-BAD";
        await StartOverHttpAsync("SB-BAD");
        json = json.Replace("REASON", new string('r', 501), StringComparison.Ordinal);

        var settled = await SettleAsync(Message(command, id, json));

        var http = await _http.PostAsync(new Uri($"/api/admissions/{id}/{command}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        AssertDeadLettered(settled, reason, await ProblemTextAsync(http, reason == "AdmissionNotFound" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest));
        var view = await ViewAsync("SB-BAD");
        Assert.Equal("Treatment", view.GetProperty("phase").GetString());
        Assert.Equal(2, view.GetProperty("treatment").GetProperty("timesPerDay").GetInt32());
    }

    [Fact]
    public async Task AnInvalidStartIsDeadLetteredWithTheHttpRoutesProblemTextAndStartsNothing()
    {
        var body = JsonSerializer.Serialize(AdmissionOverHttpTests.StartBody("SB-INVALID", timesPerDay: 6)).Replace("\"0101801234\"", "\"3213801234\"", StringComparison.Ordinal);

        var settled = await SettleAsync(Message("start", null, body));

        var http = await _http.PostAsync(new Uri("/api/admissions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        AssertDeadLettered(settled, "ValidationFailed", await ProblemTextAsync(http, HttpStatusCode.BadRequest));
        Assert.Contains("patient.cpr", settled.DeadLetterDescription, StringComparison.Ordinal);
        Assert.DoesNotContain("3213801234", settled.DeadLetterDescription, StringComparison.Ordinal);
        await ProblemAssert.NothingStartedAsync(_http, "SB-INVALID");
    }

    [Fact]
    public async Task AStartRedeliveredIsCompletedAgainAndAnotherPlanForTheSameIdIsDeadLetteredAsAConflict()
    {
        var start = Message("start", "SB-TWICE", AdmissionOverHttpTests.StartBody("SB-TWICE"));

        Assert.Equal("completed", await HandleAsync(start));
        Assert.Equal("completed", await HandleAsync(start));
        var other = await SettleAsync(Message("start", null, AdmissionOverHttpTests.StartBody("SB-TWICE", timesPerDay: 3)));
        var mismatch = await SettleAsync(Message("start", "SB-OTHER", AdmissionOverHttpTests.StartBody("SB-TWICE")));

        var http = await _http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("SB-TWICE", timesPerDay: 3));
        AssertDeadLettered(other, "AdmissionExists", await ProblemTextAsync(http, HttpStatusCode.Conflict));
        Assert.Equal(("dead-lettered", "ValidationFailed"), (mismatch.Outcome, mismatch.DeadLetterReason));
        Assert.StartsWith("admissionId: ", mismatch.DeadLetterDescription, StringComparison.Ordinal);
        Assert.Equal(2, (await ViewAsync("SB-TWICE")).GetProperty("treatment").GetProperty("timesPerDay").GetInt32());
    }

    [Fact]
    public async Task AChangeDeliveredTwiceWithOneMessageIdIsAppliedOnceAndTheIdWithAnotherChangeIsDeadLettered()
    {
        await StartOverHttpAsync("SB-DUP");
        var round = Message("rounds", "SB-DUP", new { note = "Stabil" }, messageId: "round-1");

        Assert.Equal("completed", await HandleAsync(round));
        Assert.Equal("completed", await HandleAsync(Message("rounds", "SB-DUP", new { note = "Stabil" }, messageId: "round-1")));
        var reused = await SettleAsync(Message("rounds", "SB-DUP", new { note = "Feber" }, messageId: "round-1"));
        Assert.Equal("completed", await HandleAsync(Message("rounds", "SB-DUP", new { note = "Stabil" }, messageId: "round-2")));

        Assert.Equal(2, (await ViewAsync("SB-DUP")).GetProperty("rounds").GetProperty("count").GetInt32());
        Assert.Equal(("dead-lettered", "IdempotencyKeyReused"), (reused.Outcome, reused.DeadLetterReason));
        Assert.Contains("'round-1' was used for another change of admission 'SB-DUP' (rounds)", reused.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeWhoseMessageIdCannotBeAnIdempotencyKeyIsDeadLettered()
    {
        await StartOverHttpAsync("SB-ID");

        var settled = await SettleAsync(Message("pause", "SB-ID", new { reason = "x" }, messageId: "has space"));

        Assert.Equal(("dead-lettered", "ValidationFailed"), (settled.Outcome, settled.DeadLetterReason));
        Assert.StartsWith("MessageId: The MessageId must be 1–100 printable ASCII characters", settled.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transfer", "UnknownCommand", "the command 'transfer', which does not exist")]
    [InlineData(null, "UnknownCommand", "names no command")]
    public async Task AMessageWithoutAKnownCommandIsDeadLettered(string? command, string reason, string text)
    {
        var settled = await SettleAsync(Message(command, "SB-ANY", new { }));

        Assert.Equal(("dead-lettered", reason), (settled.Outcome, settled.DeadLetterReason));
        Assert.Contains(text, settled.DeadLetterDescription, StringComparison.Ordinal);
        Assert.Contains("start, plan, pause, resume, discharge, medication-delivered, rounds", settled.DeadLetterDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangeWithoutAnAdmissionIdOrWithABodyThatIsNotJsonIsDeadLettered()
    {
        var noId = await SettleAsync(Message("pause", null, new { }));
        var text = await SettleAsync(Message("pause", "SB-ANY", "reason=x", contentType: "text/plain"));
        var large = await SettleAsync(Message("start", null, AdmissionErrorAnswerTests.StartBodyOfSize("SB-LARGE", (64 * 1024) + 1)));

        Assert.Equal(("dead-lettered", "MissingAdmissionId"), (noId.Outcome, noId.DeadLetterReason));
        Assert.Equal(("dead-lettered", "UnsupportedContentType", "Send the body as JSON with Content-Type: application/json (got text/plain)."), (text.Outcome, text.DeadLetterReason, text.DeadLetterDescription));
        Assert.Equal(("dead-lettered", "BodyTooLarge"), (large.Outcome, large.DeadLetterReason));
    }

    [Fact]
    public async Task AChangeThatFailsOnStorageIsAbandonedNotCompletedAndItsRedeliveryIsAppliedOnce()
    {
        await StartOverHttpAsync("SB-DOWN");
        var services = _app.Services;
        var unreachable = new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var failing = new CommandMessageHandler(
            new AdmissionRequests(services.GetRequiredService<DurableTaskClient>(), services.GetRequiredService<AdmissionStarter>(), new IdempotencyKeys(unreachable, _app.TaskHub, TimeProvider.System), services.GetRequiredService<TimeProvider>()),
            services.GetRequiredService<IOptions<JsonOptions>>(),
            NullLogger<CommandMessageHandler>.Instance);
        var round = Message("rounds", "SB-DOWN", new { note = "Stabil" }, messageId: "round-down");

        var first = new RecordedSettlement(round);
        await failing.HandleAsync(first);
        await IdleAsync();

        Assert.Equal("abandoned", first.Outcome);
        Assert.Equal(0, (await ViewAsync("SB-DOWN")).GetProperty("rounds").GetProperty("count").GetInt32());
        Assert.Equal("completed", await HandleAsync(round));
        Assert.Equal("completed", await HandleAsync(round));
        Assert.Equal(1, (await ViewAsync("SB-DOWN")).GetProperty("rounds").GetProperty("count").GetInt32());
    }

    /// <summary>A message as the processor hands it over: JSON body, the command and admission as application properties.</summary>
    internal static ServiceBusReceivedMessage Message(string? command, string? admissionId, object? body, string? messageId = null, string contentType = "application/json", bool subjectOnly = false)
    {
        var properties = new Dictionary<string, object>();
        if (command is not null && !subjectOnly)
        {
            properties[CommandMessage.CommandProperty] = command;
        }

        if (admissionId is not null)
        {
            properties[CommandMessage.AdmissionIdProperty] = admissionId;
        }

        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: body switch { null => new BinaryData([]), string text => BinaryData.FromString(text), byte[] bytes => BinaryData.FromBytes(bytes), _ => BinaryData.FromObjectAsJson(body) },
            messageId: messageId ?? Guid.NewGuid().ToString(),
            subject: subjectOnly ? command : null,
            contentType: contentType,
            properties: properties,
            deliveryCount: 1,
            lockedUntil: DateTimeOffset.UtcNow.AddMinutes(5));
    }

    private static void AssertDeadLettered(RecordedSettlement settled, string reason, string httpProblemText)
    {
        Assert.Equal(("dead-lettered", reason), (settled.Outcome, settled.DeadLetterReason));
        Assert.Equal(httpProblemText, settled.DeadLetterDescription);
    }

    /// <summary>The HTTP answer's problem as the queue words it: each field with its problems, or the detail.</summary>
    private static async Task<string> ProblemTextAsync(HttpResponseMessage answer, HttpStatusCode status)
    {
        var problem = await ProblemAssert.IsProblemAsync(answer, status);
        return problem.TryGetProperty("errors", out var errors)
            ? string.Join(" ", errors.EnumerateObject().Select(error => $"{error.Name}: {string.Join(" ", error.Value.EnumerateArray().Select(text => text.GetString()))}"))
            : problem.GetProperty("detail").GetString()!;
    }

    private async Task<string?> HandleAsync(ServiceBusReceivedMessage message) => (await SettleAsync(message)).Outcome;

    private async Task<RecordedSettlement> SettleAsync(ServiceBusReceivedMessage message)
    {
        var settled = new RecordedSettlement(message);
        await Handler.HandleAsync(settled);
        await IdleAsync();
        return settled;
    }

    private Task IdleAsync() => _app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();

    private async Task StartOverHttpAsync(string id)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id))).StatusCode);
        await IdleAsync();
    }

    private Task<JsonElement> ViewAsync(string id) => _http.GetFromJsonAsync<JsonElement>($"/api/admissions/{id}");
}
