using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HaH.Orchestration.Functions.Tests.Admissions.Api;

/// <summary>An admission from start to discharge through the HTTP routes only, on the virtual clock.</summary>
public sealed partial class AdmissionOverHttpTests
{
    private const string Start = "2026-03-02T10:00:00+01:00";

    internal static object StartBody(string id, string firstDoseAt = "2026-03-02T12:00:00+01:00", int timesPerDay = 2, int durationDays = 1) => new
    {
        admissionId = id,
        patient = new { cpr = "0101801234", name = "Karen Jensen", phone = "+4520000001", address = "Algade 1, 4700 Næstved", municipality = "Næstved" },
        gp = new { name = "Lægerne Algade", eanNumber = "5790000123456", sorCode = "123456789012345", phone = "+4555550000" },
        condition = "Pneumoni",
        responsibleDoctor = "Anna Holm",
        treatment = new { drug = "Piperacillin/Tazobactam", dose = "4 g", route = "IV", accessType = "PICC", timesPerDay, firstDoseAt, durationDays, suppliedDays = 7, schedule = "interval" },
        careTeam = new { homeNursing = new { name = "Hjemmesygeplejen Syd", phone = "+4520000002" }, mobileUnit = new { name = "MBE Næstved", phone = "+4520000003" } },
    };

    [Fact]
    public async Task AnAdmissionGoesFromStartToDischargeOverHttpOnTheVirtualClock()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.AdminKey);

        var started = await http.PostAsJsonAsync("/api/admissions", StartBody("ADM-HTTP-1"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.EndsWith("/api/admissions/ADM-HTTP-1", started.Headers.Location!.ToString(), StringComparison.Ordinal);
        var again = await http.PostAsJsonAsync("/api/admissions", StartBody("ADM-HTTP-1"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        foreach (var (phone, due) in new[] { ("+4520000003", "2026-03-02T12:05:00+01:00"), ("+4520000002", "2026-03-03T00:05:00+01:00") })
        {
            await AdvanceAsync(http, new { to = due });
            var sms = await http.GetFromJsonAsync<JsonElement[]>($"/api/dev/sms?to={Uri.EscapeDataString(phone)}");
            var code = Code().Match(sms![^1].GetProperty("body").GetString()!).Groups[1].Value;
            var reply = await http.PostAsJsonAsync("/api/dev/sms/reply", new { from = phone, text = $"OK {code}" });
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
            await AdvanceAsync(http, new { by = "PT1M" });
        }

        await AdvanceAsync(http, new { by = "P1D" });
        var view = await http.GetFromJsonAsync<JsonElement>("/api/admissions/ADM-HTTP-1");

        Assert.Equal("Completed", view.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Discharged", view.GetProperty("phase").GetString());
        Assert.All(view.GetProperty("visits").EnumerateArray(), visit => Assert.Equal("confirmed", visit.GetProperty("state").GetString()));
        Assert.DoesNotContain("0101801234", view.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Karen", view.GetRawText(), StringComparison.Ordinal);
        var outbox = await http.GetFromJsonAsync<JsonElement[]>("/api/dev/outbox");
        Assert.Contains(outbox!, message => message.GetProperty("type").GetString() == "dk.ehospital.discharge-letter.v2");
    }

    [Fact]
    public async Task AnAdmissionWhoseFirstDoseIsHoursAwayShowsEveryPlannedVisitAtOnce()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);

        // Started at 10:00; twice a day from 12:00 for two days; nothing is sent before 11:00.
        await http.PostAsJsonAsync("/api/admissions", StartBody("ADM-HTTP-PLAN", durationDays: 2));
        await AdvanceAsync(admin, new { by = "PT0S" });
        var view = await http.GetFromJsonAsync<JsonElement>("/api/admissions/ADM-HTTP-PLAN");

        var visits = view.GetProperty("visits").EnumerateArray().ToList();
        Assert.Equal(
            ["2026-03-02T12:00:00+01:00", "2026-03-03T00:00:00+01:00", "2026-03-03T12:00:00+01:00", "2026-03-04T00:00:00+01:00"],
            visits.Select(v => v.GetProperty("dueAt").GetString()));
        Assert.Equal([1, 2, 3, 4], visits.Select(v => v.GetProperty("number").GetInt32()));
        Assert.All(visits, v => Assert.Equal("scheduled", v.GetProperty("state").GetString()));
        Assert.Equal(["mobileUnit", "homeNursing", "homeNursing", "homeNursing"], visits.Select(v => v.GetProperty("assignee").GetString()));
        Assert.Equal(0, view.GetProperty("planning").GetProperty("dosesAfter").GetInt32());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>("/api/dev/sms"))!);
    }

    [Fact]
    public async Task StartingTheSameIdWithAnotherPlanIsAConflictAndStartsNothing()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        await http.PostAsJsonAsync("/api/admissions", StartBody("ADM-HTTP-2"));

        var conflict = await http.PostAsJsonAsync("/api/admissions", StartBody("ADM-HTTP-2", timesPerDay: 3));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task PostingAnAdmissionWithManyProblemsNamesEveryBadFieldAndStartsNothing()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await http.PostAsJsonAsync("/api/admissions", new { admissionId = "ADM-BAD", treatment = new { timesPerDay = 6 } });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "treatment.timesPerDay", "patient", "gp", "careTeam" })
        {
            Assert.True(errors.EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.Ordinal)), $"No error names {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/admissions/ADM-BAD", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RoutesNeedAKeyAndTheRightRole()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = app.CreateClient();
        using var sms = app.CreateClient(TestApplication.SmsKey);
        using var wrong = app.CreateClient("not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/admissions/X", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/admissions/X", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sms.GetAsync(new Uri("/api/admissions/X", UriKind.Relative))).StatusCode);
    }

    private static async Task AdvanceAsync(HttpClient http, object body)
    {
        var answer = await http.PostAsJsonAsync("/api/dev/clock/advance", body);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [GeneratedRegex(@"Svar OK (\d{4})")]
    private static partial Regex Code();
}
