using System.Net;
using System.Text.Json;
using HaH.Orchestration.Functions.Tests.Admissions.Api;
using HaH.Orchestration.Functions.Tests.Dashboard;
using HaH.Orchestration.Functions.Tests.Sms.Webhook;
using static HaH.Orchestration.Functions.Tests.Admissions.Api.ProblemAssert;

namespace HaH.Orchestration.Functions.Tests.Auth;

/// <summary>
/// <c>code=</c> counts only where the callers that cannot send headers put it: Event Grid on the SMS
/// webhook, Durable Functions' clients on the management routes (issue 13). Anywhere else a key in
/// the URL would end up in browser histories and proxy logs.
/// </summary>
public sealed class KeyInQueryTests
{
    [Theory]
    [InlineData("GET", "/api/admissions/ADM-ANY", TestApplication.IntegratorKey)]
    [InlineData("POST", "/api/admissions/ADM-ANY/pause", TestApplication.IntegratorKey)]
    [InlineData("GET", "/api/quality", TestApplication.AdminKey)]
    [InlineData("GET", "/api/dev/clock", TestApplication.AdminKey)]
    [InlineData("GET", "/api/dev/sms", TestApplication.AdminKey)]
    public async Task TheKeyAsCodeIsRefusedOnTheJsonRoutesThatCallersReachWithHeaders(string method, string path, string key)
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();

        using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?code={key}");
        var answer = await http.SendAsync(request);

        var problem = await IsProblemAsync(answer, HttpStatusCode.Unauthorized);
        Assert.Contains("x-api-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdmissionStartRefusesTheKeyAsCodeAndStartsNothing()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();

        var answer = await http.PostJsonAsync($"/api/admissions?code={TestApplication.IntegratorKey}", AdmissionOverHttpTests.StartBody("ADM-CODE"));

        await IsProblemAsync(answer, HttpStatusCode.Unauthorized);
        using var integrator = app.CreateClient(TestApplication.IntegratorKey);
        await NothingStartedAsync(integrator, "ADM-CODE");
    }

    [Fact]
    public async Task TheKeyAsCodeIsRefusedOnTheDashboardEvenWithASession()
    {
        using var app = await TestApplication.StartAsync();
        using var anonymous = DashboardSession.Anonymous(app);
        using var session = await DashboardSession.SignedInAsync(app);

        var page = await anonymous.Http.GetAsync(new Uri($"/today?code={TestApplication.AdminKey}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.DoesNotContain(TestApplication.AdminKey, page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync(new Uri("/today", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TheManagementRoutesTakeTheKeyAsCodeAsDurableFunctionsClientsSendIt()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();

        var list = await http.GetAsync(new Uri($"/runtime/webhooks/durabletask/instances?taskHub=hah&connection=Storage&code={TestApplication.AdminKey}", UriKind.Relative));
        var missing = await http.GetAsync(new Uri($"/runtime/webhooks/durabletask/instances/NOPE?taskHub=hah&connection=Storage&code={TestApplication.AdminKey}", UriKind.Relative));
        var integrator = await http.GetAsync(new Uri($"/runtime/webhooks/durabletask/instances?code={TestApplication.IntegratorKey}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, integrator.StatusCode);
    }

    [Fact]
    public async Task TheSmsWebhookTakesTheKeyAsCodeAsEventGridSendsIt()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();

        var answer = await SmsWebhookTests.PostAsync(http, SmsEventPayloads.SubscriptionValidation("2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"), query: $"?code={TestApplication.SmsKey}");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentOffersCodeOnlyOnTheRoutesThatTakeIt()
    {
        using var app = await TestApplication.StartAsync();
        using var http = app.CreateClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(["apiKeyHeader"], Schemes(paths.GetProperty("/api/admissions").GetProperty("post")));
        Assert.Equal(["apiKeyHeader"], Schemes(paths.GetProperty("/api/quality").GetProperty("get")));
        Assert.Equal(["apiKeyHeader", "apiKeyQuery"], Schemes(paths.GetProperty("/api/sms/events").GetProperty("post")));
        Assert.Equal(["apiKeyHeader", "apiKeyQuery"], Schemes(paths.GetProperty("/runtime/webhooks/durabletask/instances/{id}").GetProperty("get")));
        var query = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKeyQuery").GetProperty("description").GetString();
        Assert.Contains("/api/sms/events", query, StringComparison.Ordinal);
        Assert.Contains("/runtime/webhooks/durabletask", query, StringComparison.Ordinal);
    }

    private static List<string> Schemes(JsonElement operation) =>
        [.. operation.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name))];
}
