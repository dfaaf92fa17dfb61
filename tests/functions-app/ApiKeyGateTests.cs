extern alias functionsapp;

using System.Net.Http.Json;
using System.Text.Json;
using functionsapp::HaH.Orchestration.FunctionsApp.Hosting;
using functionsapp::HaH.Orchestration.FunctionsApp.Http;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>The Functions app's key and role check answers an admission route as the standalone host does, for every role.</summary>
public class ApiKeyGateTests
{
    private const string Route = "/api/admissions/no-such-admission";

    public static TheoryData<string?> Keys() =>
        [null, "", "not-a-configured-key", .. TestKeys.ByRole.Values];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task TheGateAnswersAnAdmissionRouteAsTheStandaloneHostDoes(string? key)
    {
        var standalone = await StandaloneAnswerAsync(key);

        var functionsApp = await GateAnswerAsync(key);

        // A key the standalone host lets through reaches its handler (404: no such admission); the gate lets it on.
        Assert.Equal(standalone, functionsApp);
    }

    private static async Task<Answer> StandaloneAnswerAsync(string? key)
    {
        using var host = new StandaloneHost((await TestAzurite.GetAsync()).ConnectionString);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Route, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        return status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            ? Answer.Refused(status, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadFromJsonAsync<JsonElement>())
            : Answer.LetThrough;
    }

    private static async Task<Answer> GateAnswerAsync(string? key)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(TestKeys.Settings);
        builder.AddApiKeyServices();
        using var services = builder.Build();
        var http = new DefaultHttpContext { RequestServices = services.Services };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = Route;
        if (key is not null)
        {
            http.Request.Headers[ApiKeyAuthentication.HeaderName] = key;
        }

        using var body = new MemoryStream();
        http.Response.Body = body;

        if (await ApiKeyGate.AllowsAsync(http, AuthRegistration.IntegratorPolicy))
        {
            return Answer.LetThrough;
        }

        var mediaType = http.Response.ContentType?.Split(';')[0];
        return Answer.Refused(http.Response.StatusCode, mediaType, JsonSerializer.Deserialize<JsonElement>(body.ToArray()));
    }

    /// <summary>What a caller is told: the status and the problem's stable fields (its traceId differs per request).</summary>
    private sealed record Answer(int Status, string? ContentType, string? Type, string? Title, string? Detail)
    {
        public static readonly Answer LetThrough = new(0, null, null, null, null);

        public static Answer Refused(int status, string? mediaType, JsonElement problem) => new(
            status,
            mediaType,
            Text(problem, "type"),
            Text(problem, "title"),
            Text(problem, "detail"));

        private static string? Text(JsonElement problem, string name) =>
            problem.TryGetProperty(name, out var value) ? value.GetString() : null;
    }
}
