using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HaH.Orchestration.Functions.Tests.Admissions.Api;

/// <summary>Limits on what a change may carry: a reason is a sentence, and ward rounds are a few a day.</summary>
public sealed class ChangeLimitsTests
{
    private const string Start = "2026-03-02T10:00:00+01:00";

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("discharge")]
    public async Task AReasonOverFiveHundredCharactersIsABadRequestAndChangesNothing(string change)
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAsync(http, "LIM-1");

        var answer = await http.PostAsJsonAsync($"/api/admissions/LIM-1/{change}", new { reason = new string('r', 60_000) });
        await AdvanceAsync(http);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("reason must be at most 500 characters", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Treatment", (await http.GetFromJsonAsync<JsonElement>("/api/admissions/LIM-1")).GetProperty("phase").GetString());
    }

    [Fact]
    public async Task TheEleventhRoundOfADayIsAConflictAndTheNextDayTakesRoundsAgain()
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAsync(http, "LIM-2");

        for (var round = 1; round <= 10; round++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions/LIM-2/rounds", new { note = $"runde {round}" })).StatusCode);
            await AdvanceAsync(http);
        }

        var eleventh = await http.PostAsJsonAsync("/api/admissions/LIM-2/rounds", new { note = "en for meget" });
        var tomorrow = await http.PostAsJsonAsync("/api/admissions/LIM-2/rounds", new { at = "2026-03-03T09:00:00+01:00" });
        await AdvanceAsync(http);

        Assert.Equal(HttpStatusCode.Conflict, eleventh.StatusCode);
        Assert.Contains("at most 10 a day", await eleventh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, tomorrow.StatusCode);
        var rounds = (await http.GetFromJsonAsync<JsonElement>("/api/admissions/LIM-2")).GetProperty("rounds");
        Assert.Equal(11, rounds.GetProperty("count").GetInt32());
        Assert.Equal(10, rounds.GetProperty("byDay").GetProperty("2026-03-02").GetInt32());
    }

    private static async Task StartAsync(HttpClient http, string id)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id))).StatusCode);
        await AdvanceAsync(http);
    }

    private static async Task AdvanceAsync(HttpClient http) =>
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/dev/clock/advance", new { by = "PT0S" })).StatusCode);
}
