using System.Net;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Tests.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HaH.Orchestration.Functions.Tests.Http;

/// <summary>
/// Behind a proxy (Azure Front Door, Application Gateway) the client's scheme and address come from
/// the configured proxies' X-Forwarded-* headers, and only from theirs (issue 13).
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.4";

    [Fact]
    public async Task BehindAConfiguredProxyThatSaysHttpsTheSessionCookieIsSecure()
    {
        using var host = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Http:ForwardedHeaders:KnownProxies"] = Proxy });
        using var app = ClientAddresses.On(host);
        using var http = Plain(app, Proxy);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.5");

        var session = await SignInCookieAsync(http);

        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutConfiguredProxiesForwardedHeadersAreIgnored()
    {
        using var host = await TestApplication.StartAsync();
        using var app = ClientAddresses.On(host);
        using var http = Plain(app, Proxy);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var session = await SignInCookieAsync(http);

        Assert.DoesNotContain("; secure", session, StringComparison.OrdinalIgnoreCase);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var spoofing = Plain(app, Proxy, "wrong-key");
            spoofing.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await spoofing.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
        }

        using var last = Plain(app, Proxy, "wrong-key");
        last.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await last.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OutsideDevelopmentTheSessionCookieIsAlwaysSecure()
    {
        using var host = await TestApplication.StartAsync();
        using var app = ClientAddresses.On(host).WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var http = Plain(app, "192.0.2.1");

        var session = await SignInCookieAsync(http);

        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BehindAConfiguredProxyFailuresCountAgainstTheClientNotTheProxy()
    {
        using var host = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Http:ForwardedHeaders:KnownNetworks"] = "10.0.0.0/24" });
        using var app = ClientAddresses.On(host);
        using var attacker = Plain(app, Proxy, "wrong-key");
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.66");
        using var integrator = Plain(app, "10.0.0.5", TestApplication.AdminKey);
        integrator.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("Http:ForwardedHeaders:KnownProxies", "10.0.0.300", "Http:ForwardedHeaders:KnownProxies has '10.0.0.300'")]
    [InlineData("Http:ForwardedHeaders:KnownNetworks", "10.0.0.0/99", "Http:ForwardedHeaders:KnownNetworks has '10.0.0.0/99'")]
    public async Task ABadProxySettingStopsTheStartNamingIt(string setting, string value, string expected)
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { [setting] = value });

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Server);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A client over plain http that handles cookies itself (a Secure cookie must still be seen).</summary>
    private static HttpClient Plain(WebApplicationFactory<Program> app, string connectionAddress, string? key = null) =>
        ClientAddresses.Client(app, connectionAddress, key);

    /// <summary>Signs in through the form over <paramref name="http"/>; the session's Set-Cookie.</summary>
    private static async Task<string> SignInCookieAsync(HttpClient http)
    {
        var form = await http.GetAsync(new Uri("/login", UriKind.Relative));
        var antiforgery = Cookies(form).Single(cookie => cookie.StartsWith("hah-antiforgery=", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [DashboardSession.TokenField] = DashboardSession.TokenOf(await form.Content.ReadAsStringAsync()),
                ["key"] = TestApplication.AdminKey,
                ["returnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var answer = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return Cookies(answer).Single(cookie => cookie.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
