using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Management;

/// <summary>The Durable Functions-style management routes over HTTP, on admissions running on the virtual clock.</summary>
public sealed class ManagementApiTests
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    [Fact]
    public async Task StatusIsAcceptedWhileRunningAndOkOnceTerminatedWithWhoTerminatedItInTheHistory()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-1");

        var running = await http.GetAsync($"{Instances}/MGMT-1");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        var status = await running.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("AdmissionOrchestrator", status.GetProperty("name").GetString());
        Assert.Equal("Treatment", status.GetProperty("customStatus").GetProperty("phase").GetString());

        var terminate = await http.PostAsync($"{Instances}/MGMT-1/terminate?reason=Test%20af%20afbrydelse", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        await IdleAsync(app);

        var ended = await http.GetAsync($"{Instances}/MGMT-1?showHistory=true");
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var final = await ended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Terminated", final.GetProperty("runtimeStatus").GetString());
        var terminated = final.GetProperty("historyEvents").EnumerateArray().Single(e => e.GetProperty("EventType").GetString() == "ExecutionTerminated");
        Assert.Equal("Test af afbrydelse", terminated.GetProperty("Reason").GetString());
        Assert.Equal("key:admin", terminated.GetProperty("RequestedBy").GetString());
        Assert.False(final.GetProperty("historyEvents")[0].TryGetProperty("Input", out _), "payloads only with showHistoryOutput=true");
    }

    [Fact]
    public async Task HistoryCoversEveryGenerationOfALongAdmission()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-LONG", durationDays: 3, timesPerDay: 4);
        await app.Services.GetRequiredService<DurableRuntime>().AdvanceClockAsync(TimeSpan.FromDays(2));

        var status = await http.GetFromJsonAsync<JsonElement>($"{Instances}/MGMT-LONG?showHistory=true&showHistoryOutput=true");

        var events = status.GetProperty("historyEvents").EnumerateArray().ToList();
        var generations = events.Select(e => e.GetProperty("Generation").GetInt32()).Distinct().Order().ToList();
        Assert.True(generations.Count > 1, $"expected several generations, got {generations.Count}");
        Assert.Equal(Enumerable.Range(0, generations.Count), generations);
        Assert.Equal(generations.Count, events.Count(e => e.GetProperty("EventType").GetString() == "ExecutionStarted"));
        Assert.Contains(events, e => e.GetProperty("EventType").GetString() == "TaskScheduled" && e.TryGetProperty("FunctionName", out _) && e.TryGetProperty("Input", out _));
        Assert.Equal(generations[^1], status.GetProperty("generation").GetInt32());
    }

    [Fact]
    public async Task ListingFiltersByPrefixAndStatusAndPagesThroughTheContinuationHeader()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        foreach (var id in new[] { "LIST-A1", "LIST-A2", "LIST-A3", "LIST-B1" })
        {
            await StartAdmissionAsync(app, http, id);
        }

        await http.PostAsync($"{Instances}/LIST-A3/terminate", null);
        await IdleAsync(app);

        var prefixed = await http.GetFromJsonAsync<JsonElement[]>($"{Instances}?instanceIdPrefix=LIST-A");
        Assert.Equal(["LIST-A1", "LIST-A2", "LIST-A3"], prefixed!.Select(i => i.GetProperty("instanceId").GetString()).Order());
        var terminated = await http.GetFromJsonAsync<JsonElement[]>($"{Instances}?instanceIdPrefix=LIST-&runtimeStatus=Terminated,Completed");
        Assert.Equal("LIST-A3", Assert.Single(terminated!).GetProperty("instanceId").GetString());

        var seen = new List<string>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?instanceIdPrefix=LIST-&top=2");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            var page = await http.SendAsync(request);
            var instances = await page.Content.ReadFromJsonAsync<JsonElement[]>();
            Assert.InRange(instances!.Length, 0, 2);
            seen.AddRange(instances.Select(i => i.GetProperty("instanceId").GetString()!));
            token = page.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
        }
        while (token is not null);
        Assert.Equal(["LIST-A1", "LIST-A2", "LIST-A3", "LIST-B1"], seen.Order());
    }

    [Theory]
    [InlineData("?runtimeStatus=Sleeping", "runtimeStatus")]
    [InlineData("?createdTimeFrom=yesterday", "createdTimeFrom")]
    [InlineData("?top=0", "top")]
    [InlineData("?showInput=maybe", "showInput")]
    public async Task ListingWithABadFilterNamesTheParameter(string query, string parameter)
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);

        var answer = await http.GetAsync(Instances + query);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task EveryRouteAnswersNotFoundForAnUnknownInstance()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/NOPE"), (HttpMethod.Get, "/NOPE/timers"), (HttpMethod.Post, "/NOPE/raiseEvent/Ping"),
            (HttpMethod.Post, "/NOPE/terminate"), (HttpMethod.Post, "/NOPE/suspend"), (HttpMethod.Post, "/NOPE/resume"),
            (HttpMethod.Post, "/NOPE/restart"), (HttpMethod.Delete, "/NOPE"),
        })
        {
            var answer = await http.SendAsync(new HttpRequestMessage(method, Instances + path));
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {answer.StatusCode}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task ActionsOnAnEndedInstanceAreGoneAndChangeNothing()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-ENDED");
        await http.PostAsync($"{Instances}/MGMT-ENDED/terminate", null);
        await IdleAsync(app);
        var before = await HistoryLengthAsync(http, "MGMT-ENDED");

        foreach (var path in new[] { "/raiseEvent/Ping", "/terminate", "/suspend", "/resume" })
        {
            var answer = await http.PostAsync($"{Instances}/MGMT-ENDED{path}", JsonContent.Create(new { }));
            Assert.True(answer.StatusCode == HttpStatusCode.Gone, $"{path}: {answer.StatusCode}");
        }

        await IdleAsync(app);
        Assert.Equal(before, await HistoryLengthAsync(http, "MGMT-ENDED"));
    }

    [Fact]
    public async Task RaisingAnEventRecordsItWithWhoSentItAndRefusesBadBodies()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-EVENT");

        var malformed = await http.PostAsync($"{Instances}/MGMT-EVENT/raiseEvent/Ping", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        var text = await http.PostAsync($"{Instances}/MGMT-EVENT/raiseEvent/Ping", new StringContent("hello", Encoding.UTF8, "text/plain"));
        var accepted = await http.PostAsJsonAsync($"{Instances}/MGMT-EVENT/raiseEvent/Ping", new { note = "fra administrator" });
        await IdleAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var history = (await http.GetFromJsonAsync<JsonElement>($"{Instances}/MGMT-EVENT?showHistory=true&showHistoryOutput=true")).GetProperty("historyEvents").EnumerateArray();
        var ping = Assert.Single(history, e => e.GetProperty("EventType").GetString() == "EventRaised" && e.GetProperty("Name").GetString() == "Ping");
        Assert.Equal("fra administrator", ping.GetProperty("Input").GetProperty("note").GetString());
        Assert.Equal("key:admin", ping.GetProperty("RequestedBy").GetString());
    }

    [Fact]
    public async Task SuspendAndResumeAreRecordedAndShownInTheStatus()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-PAUSE");

        await http.PostAsync($"{Instances}/MGMT-PAUSE/suspend?reason=Kontrol", null);
        await IdleAsync(app);
        var suspended = await http.GetAsync($"{Instances}/MGMT-PAUSE");
        await http.PostAsync($"{Instances}/MGMT-PAUSE/resume?reason=OK", null);
        await IdleAsync(app);
        var resumed = await http.GetFromJsonAsync<JsonElement>($"{Instances}/MGMT-PAUSE?showHistory=true");

        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);
        Assert.Equal("Suspended", (await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString());
        Assert.Equal("Running", resumed.GetProperty("runtimeStatus").GetString());
        var actions = resumed.GetProperty("historyEvents").EnumerateArray().Where(e => e.TryGetProperty("RequestedBy", out _)).Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal(["ExecutionSuspended", "ExecutionResumed"], actions);
    }

    [Fact]
    public async Task RestartIsRefusedWhileRunningAndStartsANewGenerationOnceEnded()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-AGAIN");

        var whileRunning = await http.PostAsync($"{Instances}/MGMT-AGAIN/restart", null);
        await http.PostAsync($"{Instances}/MGMT-AGAIN/terminate", null);
        await IdleAsync(app);
        var restarted = await http.PostAsync($"{Instances}/MGMT-AGAIN/restart", null);
        await IdleAsync(app);

        Assert.Equal(HttpStatusCode.Conflict, whileRunning.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, restarted.StatusCode);
        Assert.EndsWith($"{Instances}/MGMT-AGAIN", (await restarted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        var status = await http.GetFromJsonAsync<JsonElement>($"{Instances}/MGMT-AGAIN?showHistory=true");
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        var starts = status.GetProperty("historyEvents").EnumerateArray().Where(e => e.GetProperty("EventType").GetString() == "ExecutionStarted").ToList();
        Assert.Equal(2, starts.Count);
        Assert.Equal("key:admin", starts[1].GetProperty("RequestedBy").GetString());
    }

    [Fact]
    public async Task PurgingRefusesARunningInstanceThenDeletesEndedOnesOneOrManyAtATime()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        foreach (var id in new[] { "PURGE-1", "PURGE-2", "PURGE-3" })
        {
            await StartAdmissionAsync(app, http, id);
        }

        var running = await http.DeleteAsync($"{Instances}/PURGE-1");
        foreach (var id in new[] { "PURGE-1", "PURGE-2" })
        {
            await http.PostAsync($"{Instances}/{id}/terminate", null);
        }

        await IdleAsync(app);
        var one = await http.DeleteAsync($"{Instances}/PURGE-1");
        var noFrom = await http.DeleteAsync($"{Instances}?runtimeStatus=Terminated");
        var many = await http.DeleteAsync($"{Instances}?createdTimeFrom=2026-03-01T00:00:00Z&runtimeStatus=Terminated");
        var none = await http.DeleteAsync($"{Instances}?createdTimeFrom=2026-03-01T00:00:00Z&runtimeStatus=Terminated");

        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal(1, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Equal(1, (await many.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Instances}/PURGE-2")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.GetAsync($"{Instances}/PURGE-3")).StatusCode);
    }

    [Fact]
    public async Task PendingTimersShowTheAdmissionsNextWakeUp()
    {
        using var app = await StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(app, http, "MGMT-TIMER");

        var timers = await http.GetFromJsonAsync<JsonElement[]>($"{Instances}/MGMT-TIMER/timers");

        // The first dose is at 12:00 local; its reminder goes an hour before.
        var timer = Assert.Single(timers!);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.FromHours(1)), timer.GetProperty("fireAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task OnlyAdministratorsMayManageInstances()
    {
        using var app = await StartAsync();
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync(Instances)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Instances)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Instances}?code={TestApplication.AdminKey}")).StatusCode);
    }

    private static Task<TestApplication> StartAsync() =>
        TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = "2026-03-02T10:00:00+01:00" });

    private static async Task StartAdmissionAsync(TestApplication app, HttpClient http, string id, int durationDays = 1, int timesPerDay = 2)
    {
        var answer = await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id, timesPerDay: timesPerDay, durationDays: durationDays));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await IdleAsync(app);
    }

    private static Task IdleAsync(TestApplication app) => app.Services.GetRequiredService<DurableRuntime>().WaitForIdleAsync();

    private static async Task<int> HistoryLengthAsync(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>($"{Instances}/{id}?showHistory=true")).GetProperty("historyEvents").GetArrayLength();
}
