using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>
/// A browser-like client of the dashboard over the test server: keeps cookies, does not follow
/// redirects (so tests see them), reads the antiforgery token from each form it is shown.
/// </summary>
internal sealed partial class DashboardSession : IDisposable
{
    public const string TokenField = "__RequestVerificationToken";

    private DashboardSession(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static DashboardSession Anonymous(WebApplicationFactory<Program> app) =>
        // Over https, as a browser reaches a deployment: outside Development the cookies are Secure.
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") }));

    /// <summary>Signs in through the form with <paramref name="key"/>; returns the answer to the form's POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, string returnUrl = "/")
    {
        var form = await GetPageAsync("/login");
        return await PostAsync("/login", new() { [TokenField] = TokenOf(form), ["key"] = key, ["returnUrl"] = returnUrl });
    }

    public static async Task<DashboardSession> SignedInAsync(WebApplicationFactory<Program> app)
    {
        var session = Anonymous(app);
        var answer = await session.SignInAsync(TestApplication.AdminKey);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return session;
    }

    /// <summary>A page that must answer 200; its HTML.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        var answer = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)answer.StatusCode} {html}");
        return html;
    }

    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields) =>
        Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));

    /// <summary>The antiforgery token of the page's first form.</summary>
    public static string TokenOf(string html)
    {
        var match = Token().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
