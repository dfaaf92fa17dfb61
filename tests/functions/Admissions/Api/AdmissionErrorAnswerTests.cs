using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static HaH.Orchestration.Functions.Tests.Admissions.Api.ProblemAssert;

namespace HaH.Orchestration.Functions.Tests.Admissions.Api;

/// <summary>
/// Every error answer of the admission routes is application/problem+json with a title and a
/// detail that says what to fix, and a rejected request starts or changes nothing.
/// </summary>
public sealed class AdmissionErrorAnswerTests
{
    private const string Start = "2026-03-02T10:00:00+01:00";
    private const int Limit = 64 * 1024;

    private static readonly string[] ChangeRoutes = ["plan", "pause", "resume", "discharge", "medication-delivered", "rounds"];

    private static Dictionary<string, string?> VirtualClock => new() { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = Start };

    /// <summary>A valid body for each change route.</summary>
    private static object ChangeBody(string route) => route switch
    {
        "plan" => new { timesPerDay = 3 },
        "medication-delivered" => new { deliveredAt = "2026-03-02T11:00:00+01:00", days = 7 },
        "rounds" => new { at = "2026-03-02T11:00:00+01:00", note = "Stabil." },
        _ => new { reason = "test" },
    };

    [Fact]
    public async Task PostingMalformedJsonReturnsProblemDetailsAndStartsNothing()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative),
            new StringContent("""{ "admissionId": "ADM-MALFORMED", "patient": { "name": "Karen" """, Encoding.UTF8, "application/json"));

        var problem = await IsProblemAsync(answer, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.Contains("not well-formed JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("patient", ErrorFields(problem));
        await NothingStartedAsync(http, "ADM-MALFORMED");
    }

    [Theory]
    [InlineData("treatment.timesPerDay", "\"three\"", "expected a whole number")]
    [InlineData("patient.cpr", "101801234", "expected a string")]
    [InlineData("patient", "\"Karen Jensen\"", "expected an object")]
    [InlineData("treatment.clockTimes", "\"08:00\"", "expected an array")]
    public async Task PostingAWrongJsonTypeForAFieldNamesTheFieldAndStartsNothing(string field, string json, string expected)
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(AdmissionOverHttpTests.StartBody("ADM-WRONG-TYPE")))!;
        var parent = field.Contains('.', StringComparison.Ordinal) ? body[field.Split('.')[0]]! : body;
        parent[field.Split('.')[^1]] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        var problem = await IsProblemAsync(answer, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.Equal([field], ErrorFields(problem));
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
        await NothingStartedAsync(http, "ADM-WRONG-TYPE");
    }

    [Theory]
    [InlineData("/api/admissions")]
    [InlineData("/api/admissions/ADM-ANY/plan")]
    public async Task PostingAnEmptyBodyWhereOneIsNeededReturnsProblemDetails(string path)
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await IsProblemAsync(answer, HttpStatusCode.BadRequest);
        Assert.Equal(["$"], ErrorFields(problem));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task PostingABodyThatIsNotJsonIsUnsupportedMediaTypeAndStartsNothing(string? mediaType)
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(AdmissionOverHttpTests.StartBody("ADM-NOT-JSON")));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), content);

        var problem = await IsProblemAsync(answer, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await NothingStartedAsync(http, "ADM-NOT-JSON");
    }

    [Fact]
    public async Task ChangingWithABodyThatIsNotJsonIsUnsupportedMediaType()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        foreach (var route in ChangeRoutes)
        {
            var answer = await http.PostAsync(new Uri($"/api/admissions/ADM-ANY/{route}", UriKind.Relative), new StringContent("reason=x", Encoding.UTF8, "text/plain"));
            await IsProblemAsync(answer, HttpStatusCode.UnsupportedMediaType, route);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostingABodyJustOverTheLimitIsTooLargeAndStartsNothing(bool withContentLength)
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        var body = StartBodyOfSize("ADM-TOO-LARGE", Limit + 1);

        HttpContent content = withContentLength ? new ByteArrayContent(body) : new ChunkedContent(body, "application/json");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), content);

        var problem = await IsProblemAsync(answer, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{Limit} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await NothingStartedAsync(http, "ADM-TOO-LARGE");
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsReadAndValidated()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), new ByteArrayContent(StartBodyOfSize("ADM-AT-LIMIT", Limit))
        {
            Headers = { ContentType = new("application/json") },
        });

        // Read in full: the only problem is the padded condition, far over its 200 characters.
        var problem = await IsProblemAsync(answer, HttpStatusCode.BadRequest);
        Assert.Equal(["condition"], ErrorFields(problem));
    }

    [Fact]
    public async Task ReadingOrChangingAnUnknownAdmissionIsNotFoundOnEveryRoute()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var read = await IsProblemAsync(await http.GetAsync(new Uri("/api/admissions/ADM-UNKNOWN", UriKind.Relative)), HttpStatusCode.NotFound);
        Assert.Contains("ADM-UNKNOWN", read.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var route in ChangeRoutes)
        {
            await IsProblemAsync(await http.PostJsonAsync($"/api/admissions/ADM-UNKNOWN/{route}", ChangeBody(route)), HttpStatusCode.NotFound, route);
        }

        // An id no admission can have (here with '#', which storage keys refuse) is simply not found.
        await IsProblemAsync(await http.GetAsync(new Uri("/api/admissions/ADM%23X", UriKind.Relative)), HttpStatusCode.NotFound);
        await IsProblemAsync(await http.PostJsonAsync($"/api/admissions/{new string('A', 65)}/pause", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EveryChangeRouteAcceptsARunningAdmissionAndIsAConflictOnceItHasEnded()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        using var admin = app.CreateClient(TestApplication.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-ENDS", durationDays: 3))).StatusCode);

        foreach (var route in ChangeRoutes)
        {
            var accepted = await http.PostJsonAsync($"/api/admissions/ADM-ENDS/{route}", ChangeBody(route));
            Assert.True(HttpStatusCode.Accepted == accepted.StatusCode, $"{route}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
            Assert.EndsWith("/api/admissions/ADM-ENDS", accepted.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/dev/clock/advance", new { by = "PT1M" })).StatusCode);
        var view = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/admissions/ADM-ENDS", UriKind.Relative));
        Assert.Equal("Completed", view.GetProperty("runtimeStatus").GetString());

        foreach (var route in ChangeRoutes)
        {
            var problem = await IsProblemAsync(await http.PostJsonAsync($"/api/admissions/ADM-ENDS/{route}", ChangeBody(route)), HttpStatusCode.Conflict, route);
            Assert.Equal("Admission has ended", problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task InvalidChangesNameEveryBadField()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var plan = await IsProblemAsync(await http.PostJsonAsync("/api/admissions/ADM-ANY/plan", new { timesPerDay = 9, dose = " ", endDate = "28-03-2026" }), HttpStatusCode.BadRequest);
        Assert.Equal(["timesPerDay", "dose", "endDate"], ErrorFields(plan));
        var nothing = await IsProblemAsync(await http.PostJsonAsync("/api/admissions/ADM-ANY/plan", new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["plan"], ErrorFields(nothing));
        var delivery = await IsProblemAsync(await http.PostJsonAsync("/api/admissions/ADM-ANY/medication-delivered", new { deliveredAt = "2026-03-02T11:00:00", days = 0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["deliveredAt", "days"], ErrorFields(delivery));
        var round = await IsProblemAsync(await http.PostJsonAsync("/api/admissions/ADM-ANY/rounds", new { at = "yesterday", note = new string('x', 2001) }), HttpStatusCode.BadRequest);
        Assert.Equal(["at", "note"], ErrorFields(round));
    }

    [Fact]
    public async Task AnInvalidStartNamesEveryBadFieldAndStartsNothing()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        var body = JsonSerializer.Serialize(AdmissionOverHttpTests.StartBody("ADM-INVALID", timesPerDay: 6))
            .Replace("\"0101801234\"", "\"3213801234\"", StringComparison.Ordinal)
            .Replace("\"5790000123456\"", "\"579000012345\"", StringComparison.Ordinal);

        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await IsProblemAsync(answer, HttpStatusCode.BadRequest);
        Assert.Equal(["patient.cpr", "gp.eanNumber", "treatment.timesPerDay"], ErrorFields(problem));
        Assert.DoesNotContain("3213801234", problem.GetRawText(), StringComparison.Ordinal);
        await NothingStartedAsync(http, "ADM-INVALID");
    }

    [Fact]
    public async Task RequestsWithoutAKeyOrWithAnUnknownKeyAreUnauthorizedProblemsThatDoNotRepeatTheKey()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var anonymous = app.CreateClient();
        using var unknown = app.CreateClient("not-a-key-4711");

        var missing = await IsProblemAsync(await anonymous.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-NO-KEY")), HttpStatusCode.Unauthorized);
        Assert.Contains("x-api-key", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var wrong = await unknown.GetAsync(new Uri("/api/admissions/ADM-ANY?code=not-a-code-0815", UriKind.Relative));
        var wrongProblem = await IsProblemAsync(wrong, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("4711", wrongProblem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("0815", wrongProblem.GetRawText(), StringComparison.Ordinal);

        using var integrator = app.CreateClient(TestApplication.IntegratorKey);
        await NothingStartedAsync(integrator, "ADM-NO-KEY");
    }

    [Fact]
    public async Task AKeyWithTheWrongRoleIsForbiddenAsProblemDetails()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var sms = app.CreateClient(TestApplication.SmsKey);

        var problem = await IsProblemAsync(await sms.PostJsonAsync("/api/admissions/ADM-ANY/pause", new { }), HttpStatusCode.Forbidden);
        Assert.Contains("role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestApplication.SmsKey, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongMethodIsMethodNotAllowedAsProblemDetails()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await http.DeleteAsync(new Uri("/api/admissions/ADM-ANY", UriKind.Relative));

        var problem = await IsProblemAsync(answer, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", answer.Content.Headers.Allow);
        Assert.Contains("DELETE", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingTheSameAdmissionAgainAnswersTheSameLinksAndAnotherPlanIsAConflict()
    {
        using var app = await TestApplication.StartAsync(VirtualClock);
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var first = await http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-TWICE"));
        var again = await http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-TWICE"));
        var other = await http.PostJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-TWICE", durationDays: 5));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var links = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/runtime/webhooks/durabletask/instances/ADM-TWICE", links.GetProperty("statusQueryGetUri").GetString(), StringComparison.Ordinal);
        var conflict = await IsProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Contains("ADM-TWICE", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A start body padded (in its condition) to exactly <paramref name="size"/> bytes of UTF-8.</summary>
    internal static byte[] StartBodyOfSize(string id, int size)
    {
        static byte[] With(string id, string condition)
        {
            var body = JsonSerializer.SerializeToElement(AdmissionOverHttpTests.StartBody(id));
            var node = System.Text.Json.Nodes.JsonNode.Parse(body.GetRawText())!;
            node["condition"] = condition;
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        var padding = size - With(id, "").Length;
        Assert.True(padding > 0);
        var bytes = With(id, new string('x', padding));
        Assert.Equal(size, bytes.Length);
        return bytes;
    }
}
