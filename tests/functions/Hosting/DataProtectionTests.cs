using System.Net;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Dashboard;
using HaH.Orchestration.Functions.Hosting;
using HaH.Orchestration.Functions.Tests.Dashboard;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>
/// Data protection keys live in the task hub's storage (issue 13): a session or a form from one
/// instance is good on another, and after a restart.
/// </summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task ASessionAndAFormFromOneInstanceAreGoodOnAnotherAndAfterARestart()
    {
        var settings = new Dictionary<string, string?> { ["Durable:TaskHub"] = TestTaskHub.NewName() };
        string session;
        string antiforgery;
        string token;
        using (var first = await TestApplication.StartAsync(settings))
        using (var browser = DashboardSession.Anonymous(first))
        {
            var form = await browser.Http.GetAsync(new Uri("/login", UriKind.Relative));
            antiforgery = Cookie(form, DashboardEndpoints.AntiforgeryCookieName);
            var signedIn = await browser.SignInAsync(TestApplication.AdminKey);
            session = Cookie(signedIn, DashboardSignIn.CookieName);
            token = DashboardSession.TokenOf(await browser.GetPageAsync("/"));

            using var second = await TestApplication.StartAsync(settings);
            using var other = Client(second, session);
            var overview = await other.GetAsync(new Uri("/", UriKind.Relative));
            Assert.True(overview.StatusCode == HttpStatusCode.OK, $"Another instance answered {(int)overview.StatusCode} to the session.");
            Assert.Contains("Signed in as admin", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var restarted = await TestApplication.StartAsync(settings);
        using var again = Client(restarted, session + "; " + antiforgery);

        var page = await again.GetAsync(new Uri("/", UriKind.Relative));
        var signOut = await again.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { [DashboardSession.TokenField] = token }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
    }

    [Fact]
    public async Task TheKeysAreKeptInTheTaskHubsStorage()
    {
        var hub = TestTaskHub.NewName();
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Durable:TaskHub"] = hub });
        using var browser = await DashboardSession.SignedInAsync(app);

        var account = await TestAzurite.GetAccountAsync();
        var keys = (await account.Blobs.GetBlobContainerClient(DataProtectionRegistration.ContainerName(hub)).GetBlobClient(DataProtectionRegistration.BlobName).DownloadContentAsync()).Value.Content.ToString();

        Assert.Contains("<key ", keys, StringComparison.Ordinal);
    }

    /// <summary>A browser elsewhere that holds <paramref name="cookies"/>.</summary>
    private static HttpClient Client(WebApplicationFactory<Program> app, string cookies)
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        http.DefaultRequestHeaders.Add("Cookie", cookies);
        return http;
    }

    /// <summary>"name=value" of the cookie <paramref name="name"/> the answer set.</summary>
    private static string Cookie(HttpResponseMessage answer, string name) =>
        answer.Headers.GetValues("Set-Cookie").Single(cookie => cookie.StartsWith(name + "=", StringComparison.Ordinal)).Split(';')[0];
}
