using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HaH.Orchestration.Functions.Tests.Admissions.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the change routes: a key names one change. The same route and body
/// again is a retry, answered as before and applied once; the key with another route or body is
/// refused with a 422 saying why, instead of the second change being dropped unseen.
/// </summary>
public sealed class IdempotencyKeyTests
{
    private const string Start = "2026-03-02T10:00:00+01:00";

    [Fact]
    public async Task OneKeyForPauseThenDischargeRefusesTheDischargeWithAReasonAndChangesNothing()
    {
        using var app = await StartedAsync("IDEM-1");
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var pause = await PostAsync(http, "/api/admissions/IDEM-1/pause", """{"reason":"Genindlagt"}""", "key-1");
        var discharge = await PostAsync(http, "/api/admissions/IDEM-1/discharge", """{"reason":"Rask"}""", "key-1");
        await IdleAsync(http);

        Assert.Equal(HttpStatusCode.Accepted, pause.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, discharge.StatusCode);
        Assert.Equal("application/problem+json", discharge.Content.Headers.ContentType?.MediaType);
        Assert.Contains("key-1", await discharge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Paused", (await ViewAsync(http, "IDEM-1")).GetProperty("phase").GetString());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyOnTheSameRouteIsRefusedToo()
    {
        using var app = await StartedAsync("IDEM-2");
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var first = await PostAsync(http, "/api/admissions/IDEM-2/rounds", """{"note":"Stabil"}""", "round-key");
        var other = await PostAsync(http, "/api/admissions/IDEM-2/rounds", """{"note":"Feber"}""", "round-key");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.UnprocessableEntity), (first.StatusCode, other.StatusCode));
    }

    [Fact]
    public async Task ARetryWithTheSameKeyRouteAndBodyIsAnsweredAsBeforeAndAppliedOnce()
    {
        using var app = await StartedAsync("IDEM-3");
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var first = await PostAsync(http, "/api/admissions/IDEM-3/rounds", """{"note":"Stabil"}""", "round-1");
        // The same body, formatted otherwise: the same change.
        var retry = await PostAsync(http, "/api/admissions/IDEM-3/rounds", """{ "note" : "Stabil" }""", "round-1");
        var another = await PostAsync(http, "/api/admissions/IDEM-3/rounds", """{"note":"Stabil"}""", "round-2");
        await IdleAsync(http);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { first.StatusCode, retry.StatusCode, another.StatusCode });
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(2, (await ViewAsync(http, "IDEM-3")).GetProperty("rounds").GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("æøå")]
    public async Task AKeyThatIsNotPrintableAsciiIsABadRequest(string key)
    {
        using var app = await StartedAsync("IDEM-4");
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await PostAsync(http, "/api/admissions/IDEM-4/pause", "{}", key.Length == 0 ? new string('k', 101) : key);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("Idempotency-Key", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<TestApplication> StartedAsync(string id)
    {
        var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start });
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id))).StatusCode);
        await IdleAsync(app.CreateClient(TestApplication.AdminKey));
        return app;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private static async Task IdleAsync(HttpClient http)
    {
        using var admin = new HttpRequestMessage(HttpMethod.Post, "/api/dev/clock/advance") { Content = JsonContent.Create(new { by = "PT0S" }) };
        admin.Headers.Add("x-api-key", TestApplication.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(admin)).StatusCode);
    }

    private static Task<JsonElement> ViewAsync(HttpClient http, string id) => http.GetFromJsonAsync<JsonElement>($"/api/admissions/{id}");
}
