using System.Net;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Functions.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>Signing in to the dashboard with the admin key, and what a session may and may not do.</summary>
public sealed class DashboardSignInTests
{
    [Fact]
    public async Task SigningInWithAWrongKeyFailsAndSetsNoSessionCookie()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync("not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("That key is not valid.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(answer), cookie => cookie.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task SigningInWithAnIntegratorKeyIsRefused()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync(TestApplication.IntegratorKey);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.DoesNotContain(SetCookies(answer), cookie => cookie.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task SigningInWithTheAdminKeySetsAnHttpOnlyStrictCookieAndGoesBackWhereTheAdministratorWasGoing()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync(TestApplication.AdminKey, returnUrl: "/admissions/SOME-ID");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/admissions/SOME-ID", answer.Headers.Location!.OriginalString);
        var cookie = Assert.Single(SetCookies(answer), c => c.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestApplication.AdminKey, cookie, StringComparison.Ordinal);
        var overview = await session.GetPageAsync("/");
        Assert.Contains("Signed in as admin", overview, StringComparison.Ordinal);
        Assert.DoesNotContain(TestApplication.AdminKey, overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningInNeverRedirectsToAnotherHost()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);

        var answer = await session.SignInAsync(TestApplication.AdminKey, returnUrl: "//elsewhere.example/steal");

        Assert.Equal("/", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PagesSendABrowserWithoutSessionToTheSignInFormAndNeverTakeTheKeyInTheUrl()
    {
        using var app = await TestApplication.StartAsync();
        using var session = DashboardSession.Anonymous(app);
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);

        foreach (var path in new[] { "/", "/admissions/ANY", "/phone", $"/?code={TestApplication.AdminKey}" })
        {
            var answer = await session.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{path}: {answer.StatusCode}");
            Assert.StartsWith("/login?ReturnUrl=", answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.DoesNotContain(TestApplication.AdminKey, answer.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync("/admissions/ANY/actions/terminate", new() { ["confirmed"] = "yes" })).StatusCode);
        var form = await session.GetPageAsync("/login");
        Assert.Contains("type=\"password\"", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionMayReadTheJsonRoutesButNotChangeAnythingThroughThemWithoutTheKey()
    {
        using var app = await TestApplication.StartAsync();
        using var session = await DashboardSession.SignedInAsync(app);

        var list = await session.Http.GetAsync(new Uri("/runtime/webhooks/durabletask/instances", UriKind.Relative));
        var terminate = await session.Http.PostAsync(new Uri("/runtime/webhooks/durabletask/instances/ANY/terminate", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, terminate.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var app = await TestApplication.StartAsync();
        using var session = await DashboardSession.SignedInAsync(app);
        var overview = await session.GetPageAsync("/");

        var withoutToken = await session.PostAsync("/logout", []);
        var answer = await session.PostAsync("/logout", new() { [DashboardSession.TokenField] = DashboardSession.TokenOf(overview) });

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ASessionLastsByTheWallClockNotTheSimulationsVirtualClock()
    {
        using var app = await DashboardPagesTests.StartAsync();
        using var session = await DashboardSession.SignedInAsync(app);

        await app.Services.GetRequiredService<DurableRuntime>().AdvanceClockAsync(TimeSpan.FromDays(2));

        Assert.Contains("Signed in as admin", await session.GetPageAsync("/"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
