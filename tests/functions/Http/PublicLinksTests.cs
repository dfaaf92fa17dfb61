using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Http;

/// <summary>The Host header is not a link's address (issue 13): Http:PublicBaseUrl, or a host the host filter allowed.</summary>
public sealed class PublicLinksTests
{
    private static readonly string[] LinkFields =
        ["statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "suspendPostUri", "resumePostUri", "restartPostUri", "purgeHistoryDeleteUri", "admissionUri"];

    [Fact]
    public async Task WithAPublicBaseUrlEveryLinkStartsWithItWhateverTheHostHeaderSays()
    {
        using var app = await StartAsync(new() { ["Http:PublicBaseUrl"] = "https://hah.example.dk/", ["AllowedHosts"] = "*" });
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var answer = await StartAsync(http, "ADM-PUBLIC", host: "evil.example");

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("https://hah.example.dk/api/admissions/ADM-PUBLIC", answer.Headers.Location!.OriginalString);
        var links = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://hah.example.dk/runtime/webhooks/durabletask/instances/ADM-PUBLIC", links.GetProperty("statusQueryGetUri").GetString());
        foreach (var field in LinkFields)
        {
            Assert.StartsWith("https://hah.example.dk/", links.GetProperty(field).GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutAPublicBaseUrlOnlyAnAllowedHostIsAnsweredAndReflected()
    {
        using var app = await StartAsync(new() { ["AllowedHosts"] = "hah.example.dk" });
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var evil = await StartAsync(http, "ADM-EVIL", host: "evil.example");
        var allowed = await StartAsync(http, "ADM-ALLOWED", host: "hah.example.dk");

        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        Assert.Equal("http://hah.example.dk/api/admissions/ADM-ALLOWED", allowed.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task InDevelopmentWithNothingConfiguredOnlyThisMachinesNamesAreAnswered()
    {
        using var app = await StartAsync(new() { ["AllowedHosts"] = null });
        using var http = app.CreateClient(TestApplication.IntegratorKey);

        var evil = await StartAsync(http, "ADM-EVIL", host: "evil.example");
        var local = await StartAsync(http, "ADM-LOCAL", host: "localhost");

        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, local.StatusCode);
        Assert.StartsWith("http://localhost/", local.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideDevelopmentTheHostDoesNotStartWithoutAPublicBaseUrlOrAllowedHosts()
    {
        var failure = Assert.IsType<OptionsValidationException>(await TestApplication.StartFailureAsync(
            new Dictionary<string, string?> { ["AllowedHosts"] = null }, builder => builder.UseEnvironment("Production")));

        Assert.Contains("Http:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hah.example.dk")]
    [InlineData("ftp://hah.example.dk")]
    [InlineData("https://hah.example.dk/?x=1")]
    public async Task ABadPublicBaseUrlStopsTheStartNamingIt(string value)
    {
        var failure = Assert.IsType<OptionsValidationException>(await TestApplication.StartFailureAsync(
            new Dictionary<string, string?> { ["Http:PublicBaseUrl"] = value, ["Clock:Mode"] = "Virtual", ["Clock:Start"] = "2026-03-02T10:00:00+01:00" }));

        Assert.Contains("Http:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
    }

    private static Task<TestApplication> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Clock:Mode"] = "Virtual";
        settings["Clock:Start"] = "2026-03-02T10:00:00+01:00";
        return TestApplication.StartAsync(settings);
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient http, string id, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admissions", UriKind.Relative)) { Content = JsonContent.Create(AdmissionOverHttpTests.StartBody(id)) };
        request.Headers.Host = host;
        return http.SendAsync(request);
    }
}
