using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable.Client;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>The admission page's actions: antiforgery, the confirmation step, and who did it in the history.</summary>
public sealed class DashboardActionsTests
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    [Fact]
    public async Task AnActionWithoutAValidAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await DashboardPagesTests.StartAdmissionAsync(app, api, "CSRF-1");
        using var session = await DashboardSession.SignedInAsync(app);

        var without = await session.PostAsync("/admissions/CSRF-1/actions/terminate", new() { ["confirmed"] = "yes", ["reason"] = "forged" });
        var forged = await session.PostAsync("/admissions/CSRF-1/actions/terminate", new() { ["confirmed"] = "yes", ["reason"] = "forged", [DashboardSession.TokenField] = "not-a-token" });
        await DashboardPagesTests.IdleAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await api.GetAsync(new Uri($"{Instances}/CSRF-1", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TerminatingAsksForConfirmationThenRecordsTheReasonAndWhoDidItInTheHistory()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await DashboardPagesTests.StartAdmissionAsync(app, api, "TERM-1");
        using var session = await DashboardSession.SignedInAsync(app);
        var page = await session.GetPageAsync("/admissions/TERM-1");

        var asked = await session.PostAsync("/admissions/TERM-1/actions/terminate", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(page), ["reason"] = "Indlagt på afdeling" });
        var confirmPage = await asked.Content.ReadAsStringAsync();
        await DashboardPagesTests.IdleAsync(app);
        var stillRunning = await api.GetAsync(new Uri($"{Instances}/TERM-1", UriKind.Relative));
        var confirmed = await session.PostAsync("/admissions/TERM-1/actions/terminate", new()
        {
            [DashboardSession.TokenField] = DashboardSession.TokenOf(confirmPage),
            ["reason"] = "Indlagt på afdeling",
            ["confirmed"] = "yes",
        });
        await DashboardPagesTests.IdleAsync(app);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Yes, terminate", confirmPage, StringComparison.Ordinal);
        Assert.Contains("Indlagt på afdeling", confirmPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, stillRunning.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, confirmed.StatusCode);
        Assert.Equal("/admissions/TERM-1?done=terminate", confirmed.Headers.Location!.OriginalString);
        var status = await api.GetFromJsonAsync<JsonElement>($"{Instances}/TERM-1?showHistory=true");
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        var terminated = status.GetProperty("historyEvents").EnumerateArray().Single(e => e.GetProperty("EventType").GetString() == "ExecutionTerminated");
        Assert.Equal("Indlagt på afdeling", terminated.GetProperty("Reason").GetString());
        Assert.Equal("key:admin", terminated.GetProperty("RequestedBy").GetString());
        var after = await session.GetPageAsync("/admissions/TERM-1?done=terminate");
        Assert.Contains("""id="runtime-status">Terminated<""", after, StringComparison.Ordinal);
        Assert.Contains("<td>key:admin</td>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuspendResumeAndRaiseAreRecordedWithWhoDidItAndAnEndedAdmissionCanBePurged()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await DashboardPagesTests.StartAdmissionAsync(app, api, "ACT-1");
        using var session = await DashboardSession.SignedInAsync(app);

        await ConfirmAsync(session, "ACT-1", "suspend", new() { ["reason"] = "Kontrol" });
        await ConfirmAsync(session, "ACT-1", "resume", new() { ["reason"] = "OK" });
        await ConfirmAsync(session, "ACT-1", "raise", new() { ["eventName"] = "Ping", ["eventBody"] = """{ "note": "fra dashboard" }""" });
        var badJson = await session.PostAsync("/admissions/ACT-1/actions/raise", new()
        {
            [DashboardSession.TokenField] = DashboardSession.TokenOf(await session.GetPageAsync("/admissions/ACT-1")),
            ["eventName"] = "Ping",
            ["eventBody"] = "{ not json",
        });
        await DashboardPagesTests.IdleAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        var history = (await api.GetFromJsonAsync<JsonElement>($"{Instances}/ACT-1?showHistory=true&showHistoryOutput=true")).GetProperty("historyEvents").EnumerateArray().ToList();
        var actions = history.Where(e => e.TryGetProperty("RequestedBy", out var by) && by.GetString() == "key:admin").Select(e => e.GetProperty("EventType").GetString()).ToList();
        Assert.Equal(["ExecutionSuspended", "ExecutionResumed", "EventRaised"], actions);
        Assert.Equal("fra dashboard", history.Single(e => e.GetProperty("EventType").GetString() == "EventRaised").GetProperty("Input").GetProperty("note").GetString());

        await ConfirmAsync(session, "ACT-1", "terminate", []);
        await DashboardPagesTests.IdleAsync(app);
        var purged = await ConfirmAsync(session, "ACT-1", "purge", []);

        Assert.Equal("/?purged=ACT-1", purged.Headers.Location!.OriginalString);
        Assert.Null(await app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("ACT-1"));
    }

    [Fact]
    public async Task AnActionOnAnEndedAdmissionIsGone()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var api = app.CreateClient(TestApplication.AdminKey);
        await DashboardPagesTests.StartAdmissionAsync(app, api, "GONE-1");
        await api.PostAsync(new Uri($"{Instances}/GONE-1/terminate", UriKind.Relative), null);
        await DashboardPagesTests.IdleAsync(app);
        using var session = await DashboardSession.SignedInAsync(app);
        var page = await session.GetPageAsync("/admissions/GONE-1");

        var answer = await session.PostAsync("/admissions/GONE-1/actions/suspend", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(page), ["confirmed"] = "yes" });

        Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
        Assert.DoesNotContain("actions/suspend", page, StringComparison.Ordinal);
        Assert.Contains("actions/purge", page, StringComparison.Ordinal);
    }

    /// <summary>Posts the action's form, then its confirmation; returns the answer to the confirmation.</summary>
    private static async Task<HttpResponseMessage> ConfirmAsync(DashboardSession session, string id, string action, Dictionary<string, string> fields)
    {
        var page = await session.GetPageAsync($"/admissions/{id}");
        fields[DashboardSession.TokenField] = DashboardSession.TokenOf(page);
        var asked = await session.PostAsync($"/admissions/{id}/actions/{action}", fields);
        var confirmPage = await asked.Content.ReadAsStringAsync();
        Assert.True(asked.StatusCode == HttpStatusCode.OK, $"{action}: {(int)asked.StatusCode} {confirmPage}");
        fields[DashboardSession.TokenField] = DashboardSession.TokenOf(confirmPage);
        fields["confirmed"] = "yes";
        var done = await session.PostAsync($"/admissions/{id}/actions/{action}", fields);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        return done;
    }
}
