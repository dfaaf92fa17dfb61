using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HaH.Orchestration.Functions.Tests.Admissions.Api;

namespace HaH.Orchestration.Functions.Tests.Management;

/// <summary>
/// The management routes refuse what cannot name an instance or is too large with a 400 or 413
/// naming the problem — before, each of these was a 500 or went into the history.
/// </summary>
public sealed class ManagementLimitsTests
{
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    public static TheoryData<string, string> Malformed => new()
    {
        { $"{Instances}/{new string('x', 600)}", "id" },
        { $"{Instances}/{new string('x', 600)}/timers", "id" },
        { $"{Instances}?instanceIdPrefix={new string('p', 600)}", "instanceIdPrefix" },
        { $"{Instances}?instanceIdPrefix=ADM%EF%BF%BF", "instanceIdPrefix" },
        { $"{Instances}?instanceIdPrefix=ADM%0A", "instanceIdPrefix" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AnIdOrPrefixThatCannotNameAnInstanceIsABadRequestNamingIt(string path, string field)
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);

        var answer = await http.GetAsync(new Uri(path, UriKind.Relative));

        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJnYXJiYWdlIjp0cnVlfQ")]
    [InlineData("bm90IGEgdGFibGUgdG9rZW4")]
    public async Task AContinuationTokenTheListNeverReturnedIsABadRequest(string token)
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient(TestApplication.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, Instances);
        request.Headers.Add("x-ms-continuation-token", token);

        var answer = await http.SendAsync(request);

        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, "x-ms-continuation-token");
    }

    [Fact]
    public async Task ARaisedEventOverTheBodyLimitIsTooLargeAndNeverReachesTheHistory()
    {
        using var app = await DashboardStart();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(http, "MGMT-BIG");
        var before = await HistoryAsync(http, "MGMT-BIG");

        var big = new StringContent($$"""{"blob":"{{new string('x', 70 * 1024)}}"}""", Encoding.UTF8, "application/json");
        var answer = await http.PostAsync(new Uri($"{Instances}/MGMT-BIG/raiseEvent/Ping", UriKind.Relative), big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal(before, await HistoryAsync(http, "MGMT-BIG"));
    }

    [Fact]
    public async Task AReasonLongerThanFiveHundredCharactersIsABadRequestAndNothingIsDone()
    {
        using var app = await DashboardStart();
        using var http = app.CreateClient(TestApplication.AdminKey);
        await StartAdmissionAsync(http, "MGMT-WHY");

        var answer = await http.PostAsync(new Uri($"{Instances}/MGMT-WHY/terminate?reason={new string('r', 600)}", UriKind.Relative), null);

        await AssertProblemAsync(answer, HttpStatusCode.BadRequest, "reason");
        var status = await http.GetFromJsonAsync<JsonElement>($"{Instances}/MGMT-WHY");
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
    }

    private static Task<TestApplication> DashboardStart() => Dashboard.DashboardPagesTests.StartAsync();

    private static async Task StartAdmissionAsync(HttpClient http, string id)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody(id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/dev/clock/advance", new { by = "PT0S" })).StatusCode);
    }

    private static async Task<int> HistoryAsync(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>($"{Instances}/{id}?showHistory=true")).GetProperty("historyEvents").GetArrayLength();

    private static async Task AssertProblemAsync(HttpResponseMessage answer, HttpStatusCode expected, string field)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == expected, $"{(int)answer.StatusCode}: {text}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
