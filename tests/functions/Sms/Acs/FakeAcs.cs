using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Functions.Tests.Sms.Acs;

/// <summary>
/// A stand-in for Azure Communication Services' Sms - Send operation on a free local port. Like ACS it
/// checks the HMAC signature against its own key (401 otherwise), the api-version and the date's skew,
/// and answers a repeated <c>repeatabilityRequestId</c> with the first answer instead of texting again
/// (or rejects it when <c>repeatabilityFirstSent</c> differs). It can be told to answer the next
/// requests with an error status, to lose an answer after texting, or to refuse a recipient.
/// </summary>
internal sealed class FakeAcs : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<FakeAcsRequest> _requests = new();
    private readonly ConcurrentQueue<FakeSms> _texted = new();
    private readonly ConcurrentDictionary<string, (string FirstSent, JsonObjectAnswer Answer)> _repeatable = new();
    private readonly ConcurrentQueue<int> _failNext = new();
    private readonly ConcurrentDictionary<string, string> _refused = new();
    private int _loseNextAnswers;
    private int _messageCount;

    private FakeAcs(WebApplication app, byte[] key)
    {
        _app = app;
        _key = key;
    }

    /// <summary>The resource endpoint, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The access key as a connection string carries it (base64).</summary>
    public string AccessKey => Convert.ToBase64String(_key);

    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>Every request that reached the fake, oldest first, including refused ones.</summary>
    public IReadOnlyList<FakeAcsRequest> Requests => [.. _requests];

    /// <summary>The SMS really "sent": one per repeatability id, oldest first.</summary>
    public IReadOnlyList<FakeSms> Texted => [.. _texted];

    public static async Task<FakeAcs> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAcs(app, RandomNumberGenerator.GetBytes(64));
        app.MapPost("/sms", (Delegate)fake.SendAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The next requests get these statuses (with <c>Retry-After: 1</c>) before anything else is looked at.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failNext.Enqueue(status);
        }
    }

    /// <summary>The next request is processed (texted) but answered 503, as when ACS's answer is lost.</summary>
    public void LoseNextAnswer() => Interlocked.Increment(ref _loseNextAnswers);

    /// <summary>Requests to <paramref name="to"/> are refused per recipient, as ACS does for a number it cannot text.</summary>
    public void Refuse(string to, string errorMessage) => _refused[to] = errorMessage;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> SendAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var signatureProblem = CheckSignature(request, body);
        var logged = new FakeAcsRequest(Encoding.UTF8.GetString(body), signatureProblem, request.Headers.Authorization.ToString());
        _requests.Enqueue(logged);

        if (signatureProblem is not null)
        {
            return Results.Json(new { error = new { code = "Denied", message = signatureProblem } }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (request.Query["api-version"] != "2021-03-07")
        {
            return Results.Json(new { error = new { code = "UnsupportedApiVersion", message = "api-version must be 2021-03-07" } }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (_failNext.TryDequeue(out var failure))
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "TooManyRequests", message = "try later" } }, statusCode: failure);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var from = root.GetProperty("from").GetString()!;
        var message = root.GetProperty("message").GetString()!;
        var deliveryReport = root.GetProperty("smsSendOptions").GetProperty("enableDeliveryReport").GetBoolean();
        var answers = new List<JsonObjectAnswer>();
        foreach (var recipient in root.GetProperty("smsRecipients").EnumerateArray())
        {
            var to = recipient.GetProperty("to").GetString()!;
            var requestId = recipient.GetProperty("repeatabilityRequestId").GetString()!;
            var firstSent = recipient.GetProperty("repeatabilityFirstSent").GetString()!;
            answers.Add(Text(from, to, message, deliveryReport, requestId, firstSent));
        }

        if (Interlocked.Decrement(ref _loseNextAnswers) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Interlocked.Exchange(ref _loseNextAnswers, 0);
        return Results.Json(new { value = answers }, statusCode: StatusCodes.Status202Accepted);
    }

    private JsonObjectAnswer Text(string from, string to, string message, bool deliveryReport, string requestId, string firstSent)
    {
        if (!DateTimeOffset.TryParseExact(firstSent, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return new JsonObjectAnswer(to, null, 400, null, false, "repeatabilityFirstSent is not an HTTP date");
        }

        if (_refused.TryGetValue(to, out var refusal))
        {
            return new JsonObjectAnswer(to, null, 400, null, false, refusal);
        }

        var stored = _repeatable.GetOrAdd(requestId, _ =>
        {
            var messageId = $"Outgoing_{Interlocked.Increment(ref _messageCount):D4}_{Guid.NewGuid():N}";
            _texted.Enqueue(new FakeSms(messageId, from, to, message, deliveryReport, requestId, firstSent));
            return (firstSent, new JsonObjectAnswer(to, messageId, 202, "accepted", true, null));
        });
        return stored.FirstSent == firstSent
            ? stored.Answer
            : new JsonObjectAnswer(to, null, 400, "rejected", false, "repeatabilityFirstSent differs from the first request with this repeatabilityRequestId");
    }

    // Recomputes the signature the way ACS documents it, from what arrived, with the fake's own key.
    private string? CheckSignature(HttpRequest request, byte[] body)
    {
        var date = request.Headers["x-ms-date"].ToString();
        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (date.Length == 0 || contentHash.Length == 0 || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return "x-ms-date, x-ms-content-sha256 and an HMAC-SHA256 Authorization header are required";
        }

        if (!DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            || (DateTimeOffset.UtcNow - sent).Duration() > TimeSpan.FromMinutes(15))
        {
            return "x-ms-date is not an HTTP date within 15 minutes of now";
        }

        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 is not the hash of the body";
        }

        var stringToSign = $"{request.Method}\n{request.Path}{request.QueryString}\n{date};{request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(authorization[Scheme.Length..]);
        }
        catch (FormatException)
        {
            return "the signature is not base64";
        }

        return CryptographicOperations.FixedTimeEquals(expected, presented) ? null : "the signature does not match";
    }

    /// <summary>One item of the Sms - Send answer (serialized camelCase).</summary>
    internal sealed record JsonObjectAnswer(string To, string? MessageId, int HttpStatusCode, string? RepeatabilityResult, bool Successful, string? ErrorMessage);
}

/// <summary>A request as the fake received it; <paramref name="SignatureProblem"/> is null when the signature held.</summary>
internal sealed record FakeAcsRequest(string Body, string? SignatureProblem, string Authorization);

/// <summary>An SMS the fake "sent".</summary>
internal sealed record FakeSms(string AcsMessageId, string From, string To, string Message, bool DeliveryReport, string RepeatabilityRequestId, string FirstSent);
