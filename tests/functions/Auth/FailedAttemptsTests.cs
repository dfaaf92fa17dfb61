using System.Net;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Tests.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static HaH.Orchestration.Functions.Tests.Admissions.Api.ProblemAssert;

namespace HaH.Orchestration.Functions.Tests.Auth;

/// <summary>Failed keys and sign-ins are throttled per client address (issue 13: 80 wrong keys met no 429).</summary>
public sealed class FailedAttemptsTests
{
    private const string Attacker = "203.0.113.66";
    private const string Integrator = "198.51.100.7";

    [Fact]
    public async Task AnAddressThatSentTenWrongKeysIsAnswered429WithRetryAfterEvenForARightKey()
    {
        using var host = await TestApplication.StartAsync();
        using var app = ClientAddresses.On(host);
        using var guessing = ClientAddresses.Client(app, Attacker, "wrong-key");
        using var right = ClientAddresses.Client(app, Attacker, TestApplication.AdminKey);
        using var other = ClientAddresses.Client(app, Integrator, TestApplication.AdminKey);
        using var probe = ClientAddresses.Client(app, Attacker);

        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 80; attempt++)
        {
            answers.Add((await guessing.GetAsync(new Uri("/api/admissions/ADM-ANY", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 70)), answers);
        var throttled = await right.GetAsync(new Uri("/api/quality", UriKind.Relative));
        var problem = await IsProblemAsync(throttled, HttpStatusCode.TooManyRequests);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RightKeysAreNeverThrottled()
    {
        using var host = await TestApplication.StartAsync();
        using var app = ClientAddresses.On(host);
        using var admin = ClientAddresses.Client(app, Integrator, TestApplication.AdminKey);

        for (var request = 0; request < 100; request++)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/runtime/webhooks/durabletask/instances", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task FailedSignInsCountWithFailedKeysAndThrottleTheSignInForm()
    {
        using var host = await TestApplication.StartAsync();
        using var app = ClientAddresses.On(host);
        using var session = DashboardSession.Anonymous(app);
        session.Http.DefaultRequestHeaders.Add(ClientAddresses.Header, Attacker);
        using var guessing = ClientAddresses.Client(app, Attacker, "wrong-key");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guessing.GetAsync(new Uri("/api/quality", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.SignInAsync("wrong-key")).StatusCode);
        }

        var wrong = await session.SignInAsync("wrong-key");
        var right = await session.SignInAsync(TestApplication.AdminKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed sign-ins", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(right.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], cookie => cookie.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public void RecordFailure_LimitWithinTheWindow_BlocksUntilTheOldestFailureLeavesIt()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var attempts = new FailedAttempts(Options.Create(new FailedAttemptOptions { Limit = 3, WindowSeconds = 60 }), clock, NullLogger<FailedAttempts>.Instance);
        var request = From("203.0.113.1");

        attempts.RecordFailure(request);
        clock.Advance(TimeSpan.FromSeconds(20));
        attempts.RecordFailure(request);
        Assert.Null(attempts.RetryAfter(request));
        clock.Advance(TimeSpan.FromSeconds(20));
        attempts.RecordFailure(request);

        Assert.Equal(TimeSpan.FromSeconds(20), attempts.RetryAfter(request));
        Assert.Null(attempts.RetryAfter(From("203.0.113.2")));
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(TimeSpan.FromSeconds(1), attempts.RetryAfter(request));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(attempts.RetryAfter(request));
        attempts.RecordFailure(request);
        Assert.Equal(TimeSpan.FromSeconds(20), attempts.RetryAfter(request));
    }

    [Fact]
    public void RecordFailure_IPv6_CountsTheWhole64()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var attempts = new FailedAttempts(Options.Create(new FailedAttemptOptions { Limit = 2, WindowSeconds = 60 }), clock, NullLogger<FailedAttempts>.Instance);

        attempts.RecordFailure(From("2001:db8:1:2::1"));
        attempts.RecordFailure(From("2001:db8:1:2:ffff::9"));

        Assert.NotNull(attempts.RetryAfter(From("2001:db8:1:2::77")));
        Assert.Null(attempts.RetryAfter(From("2001:db8:1:3::1")));
        Assert.Null(attempts.RetryAfter(From("::ffff:203.0.113.1")));
    }

    private static DefaultHttpContext From(string address) =>
        new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
}
