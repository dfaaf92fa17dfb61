using System.Net;
using System.Net.Http.Json;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static HaH.Orchestration.Functions.Tests.Admissions.Api.ProblemAssert;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>The host's error plumbing: unhandled failures, and the body limit on a real Kestrel.</summary>
public sealed class ProblemResponsesTests
{
    private const string Secret = "secret-detail-of-the-failure";

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task AnUnhandledFailureIsA500ProblemWithoutExceptionDetails(string environment)
    {
        using var host = await TestApplication.StartAsync();
        using var app = host.WithWebHostBuilder(builder => builder
            .UseEnvironment(environment)
            .ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingRoute>()));
        using var http = app.CreateClient();

        var answer = await http.GetAsync(new Uri(FailingRoute.Path, UriKind.Relative));

        var problem = await IsProblemAsync(answer, HttpStatusCode.InternalServerError);
        var text = problem.GetRawText();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(FailingRoute), text, StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _), text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KestrelAnswersABodyOverTheLimitWithA413ProblemAndStartsNothing(bool withContentLength)
    {
        using var app = await TestApplication.StartAsync(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual", ["Clock:Start"] = "2026-03-02T10:00:00+01:00" });
        app.UseKestrel(0);
        app.StartServer();
        using var http = app.CreateClient(TestApplication.IntegratorKey);
        var body = AdmissionErrorAnswerTests.StartBodyOfSize("ADM-KESTREL", 64 * 1024 + 1);

        HttpContent content = withContentLength ? new ByteArrayContent(body) : new ChunkedContent(body, "application/json");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var answer = await http.PostAsync(new Uri("/api/admissions", UriKind.Relative), content);

        Assert.False(http.BaseAddress!.IsDefaultPort, $"Not Kestrel but the test server: {http.BaseAddress}");
        await IsProblemAsync(answer, HttpStatusCode.RequestEntityTooLarge);
        await NothingStartedAsync(http, "ADM-KESTREL");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/admissions", AdmissionOverHttpTests.StartBody("ADM-KESTREL"))).StatusCode);
    }

    /// <summary>A path no route matches, where the pipeline's last step throws.</summary>
    private sealed class FailingRoute : IStartupFilter
    {
        public const string Path = "/test/fails";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == Path ? throw new InvalidOperationException(Secret) : Task.CompletedTask);
        };
    }
}
