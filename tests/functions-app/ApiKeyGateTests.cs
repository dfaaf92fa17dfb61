using System.Net.Http.Json;
using System.Text.Json;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Http;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The Functions app's worker middleware answers each route as the standalone host does, for every
/// role, with the key in the header or as <c>code=</c> (which only the SMS webhook takes).
/// </summary>
public class ApiKeyGateTests(ApiKeyGateTests.Standalone standalone) : IClassFixture<ApiKeyGateTests.Standalone>
{
    public static TheoryData<string, string, string, string?, bool> Requests()
    {
        var data = new TheoryData<string, string, string, string?, bool>();
        string?[] keys = [null, "", "not-a-configured-key", .. TestKeys.ByRole.Values];
        foreach (var key in keys)
        {
            data.Add("GetAdmission", "GET", "/api/admissions/no-such-admission", key, false);
            data.Add("ListRejectedSmsEvents", "GET", "/api/sms/rejected", key, false);
            data.Add("ReceiveSmsEvents", "POST", "/api/sms/events", key, false);
            data.Add("ReceiveSmsEvents", "POST", "/api/sms/events", key, true);
            data.Add("GetQuality", "GET", "/api/quality", key, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task TheWorkerMiddlewareAnswersAsTheStandaloneHostDoes(string function, string method, string path, string? key, bool keyAsCode)
    {
        var expected = await standalone.AnswerAsync(method, path, key, keyAsCode);

        var actual = await FunctionsAppAnswerAsync(function, method, path, key, keyAsCode);

        // A key the standalone host lets through reaches its handler; the middleware lets it on to the function.
        Assert.Equal(expected, actual);
    }

    private static async Task<Answer> FunctionsAppAnswerAsync(string function, string method, string path, string? key, bool keyAsCode)
    {
        using var pipeline = new WorkerHttpPipeline();
        var http = pipeline.NewRequest(method, keyAsCode && key is not null ? $"{path}?{ApiKeyAuthentication.QueryName}={Uri.EscapeDataString(key)}" : path);
        if (key is not null && !keyAsCode)
        {
            http.Request.Headers[ApiKeyAuthentication.HeaderName] = key;
        }

        if (await pipeline.RunAsync(function, http) is not null)
        {
            return Answer.LetThrough;
        }

        var mediaType = http.Response.ContentType?.Split(';')[0];
        return Answer.Refused(http.Response.StatusCode, mediaType, JsonSerializer.Deserialize<JsonElement>(((MemoryStream)http.Response.Body).ToArray()));
    }

    /// <summary>One standalone host for the class: starting one per case would cost a second each.</summary>
    public sealed class Standalone : IAsyncLifetime
    {
        private StandaloneHost? _host;
        private HttpClient? _client;

        public async Task InitializeAsync()
        {
            _host = new StandaloneHost((await TestAzurite.GetAsync()).ConnectionString);
            _client = _host.CreateClient();
        }

        public async Task<Answer> AnswerAsync(string method, string path, string? key, bool keyAsCode)
        {
            var uri = keyAsCode && key is not null ? $"{path}?{ApiKeyAuthentication.QueryName}={Uri.EscapeDataString(key)}" : path;
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(uri, UriKind.Relative));
            if (key is not null && !keyAsCode)
            {
                request.Headers.Add(ApiKeyAuthentication.HeaderName, key);
            }

            using var response = await _client!.SendAsync(request);
            var status = (int)response.StatusCode;
            return status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                ? Answer.Refused(status, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadFromJsonAsync<JsonElement>())
                : Answer.LetThrough;
        }

        public Task DisposeAsync()
        {
            _client?.Dispose();
            _host?.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>What a caller is told: the status and the problem's stable fields (its traceId differs per request).</summary>
    public sealed record Answer(int Status, string? ContentType, string? Type, string? Title, string? Detail)
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
