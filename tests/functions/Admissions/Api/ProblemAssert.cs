using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HaH.Orchestration.Functions.Tests.Admissions.Api;

/// <summary>Asserts that an answer is an RFC 9457 problem with the expected status, and returns it.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage answer, HttpStatusCode status, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(status == answer.StatusCode, $"{because} Expected {(int)status}, got {(int)answer.StatusCode}: {body}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), $"{because} No title: {body}");
        return problem;
    }

    /// <summary>The field names of a problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(error => error.Name)];

    public static async Task NothingStartedAsync(HttpClient http, string id) =>
        await IsProblemAsync(await http.GetAsync(new Uri($"/api/admissions/{id}", UriKind.Relative)), HttpStatusCode.NotFound, $"Admission {id} was started.");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
}
