using System.Net;

namespace HaH.Orchestration.Functions.Tests.Dashboard;

/// <summary>The overview's query string as an attacker writes it (issue 13): a reason, never a failure.</summary>
public sealed class OverviewQueryTests
{
    [Theory]
    [InlineData("after=not-a-token")]
    [InlineData("after=!!!")]
    [InlineData("search=%27%20or%20PartitionKey%20ne%20%27")]
    [InlineData("search=ADM%00")]
    public async Task ABadQueryIsABadRequestThatSaysWhy(string query)
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var session = await DashboardSession.SignedInAsync(app);

        var answer = await session.Http.GetAsync(new Uri("/?" + query, UriKind.Relative));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode}: {html}");
        Assert.Contains("class=\"notice error\"", html, StringComparison.Ordinal);
        Assert.Empty(logs.WithExceptions);
    }

    [Fact]
    public async Task ALongSearchIsABadRequestThatSaysWhy()
    {
        var logs = new CapturedLogs();
        using var host = await TestApplication.StartAsync();
        using var app = CapturedLogs.Into(host, logs);
        using var session = await DashboardSession.SignedInAsync(app);

        var answer = await session.Http.GetAsync(new Uri("/?search=" + new string('A', 5000), UriKind.Relative));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{(int)answer.StatusCode}: {html}");
        Assert.Contains("at most", html, StringComparison.Ordinal);
        Assert.Empty(logs.WithExceptions);
    }
}
