extern alias functionsapp;

using System.Net;
using System.Text.Json;
using functionsapp::HaH.Orchestration.FunctionsApp.Http;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Sms.Webhook;
using Microsoft.AspNetCore.Http;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>What the worker middleware does besides keys: body limits (chunked bodies too), and the client's address behind the Functions host.</summary>
public sealed class HttpPipelineTests : IDisposable
{
    private readonly WorkerHttpPipeline _pipeline = new();

    [Fact]
    public async Task AChunkedBodyOverTheWebhooksLimitIsRefusedBeforeTheFunctionRuns()
    {
        var http = SmsDelivery(new byte[SmsWebhookApi.EventGridMaxDeliveryBytes + 1], contentLength: null);

        var read = await _pipeline.RunAsync("ReceiveSmsEvents", http);

        Assert.Null(read);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
        Assert.Contains("1048576", Problem(http).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyDeclaredOverTheLimitIsRefusedWithoutReadingIt()
    {
        var http = SmsDelivery(new UnreadableStream(), contentLength: SmsWebhookApi.EventGridMaxDeliveryBytes + 1);

        var read = await _pipeline.RunAsync("ReceiveSmsEvents", http);

        Assert.Null(read);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
    }

    [Fact]
    public async Task AChunkedBodyWithinTheLimitReachesTheFunctionWhole()
    {
        var body = new byte[SmsWebhookApi.EventGridMaxDeliveryBytes];
        Random.Shared.NextBytes(body);
        var http = SmsDelivery(body, contentLength: null);

        var read = await _pipeline.RunAsync("ReceiveSmsEvents", http);

        Assert.Equal(body, read);
    }

    [Fact]
    public async Task TheAdmissionRoutesHaveTheStandaloneHostsJsonLimit()
    {
        var http = _pipeline.NewRequest("POST", "/api/admissions");
        http.Request.Headers[ApiKeyAuthentication.HeaderName] = TestKeys.ByRole["integrator"];
        http.Request.ContentType = "application/json";
        http.Request.Headers.TransferEncoding = "chunked";
        http.Request.Body = new MemoryStream(new byte[RequestBodyLimits.JsonApi + 1]);

        Assert.Null(await _pipeline.RunAsync("StartAdmission", http));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownCallersBodyIsNotRead()
    {
        var http = SmsDelivery(new UnreadableStream(), contentLength: null, key: "not-a-configured-key");

        Assert.Null(await _pipeline.RunAsync("ReceiveSmsEvents", http));
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
    }

    [Fact]
    public async Task TheClientIsTheAddressTheFunctionsHostForwards()
    {
        var http = _pipeline.NewRequest("GET", "/health");
        http.Request.Headers["X-Forwarded-For"] = "203.0.113.9";

        await _pipeline.RunAsync("Liveness", http);

        Assert.Equal(IPAddress.Parse("203.0.113.9"), http.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task OnlyTheHostsOwnHopIsTrustedUnlessProxiesInFrontAreConfigured()
    {
        var http = _pipeline.NewRequest("GET", "/health");
        http.Request.Headers["X-Forwarded-For"] = "198.51.100.1, 203.0.113.9";

        await _pipeline.RunAsync("Liveness", http);

        Assert.Equal(IPAddress.Parse("203.0.113.9"), http.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task AConfiguredProxyInFrontOfTheHostIsReadBackThrough()
    {
        using var pipeline = new WorkerHttpPipeline([new("Http:ForwardedHeaders:KnownNetworks", "203.0.113.0/24")]);
        var http = pipeline.NewRequest("GET", "/health");
        http.Request.Headers["X-Forwarded-For"] = "198.51.100.1, 203.0.113.9";

        await pipeline.RunAsync("Liveness", http);

        Assert.Equal(IPAddress.Parse("198.51.100.1"), http.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task ACallerThatIsNotTheHostCannotClaimAnAddress()
    {
        var http = _pipeline.NewRequest("GET", "/health");
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.50");
        http.Request.Headers["X-Forwarded-For"] = "203.0.113.9";

        await _pipeline.RunAsync("Liveness", http);

        Assert.Equal(IPAddress.Parse("192.0.2.50"), http.Connection.RemoteIpAddress);
    }

    [Fact]
    public void TheMiddlewareRunsInTheStandaloneHostsPipelineOrder() =>
        Assert.Equal(
            [typeof(ForwardedClientMiddleware), typeof(FunctionEndpointMiddleware), typeof(ApiKeyMiddleware), typeof(RequestBodyLimitMiddleware)],
            WorkerHttpPipeline.RegisteredOrder());

    public void Dispose() => _pipeline.Dispose();

    private DefaultHttpContext SmsDelivery(byte[] body, long? contentLength) => SmsDelivery(new MemoryStream(body), contentLength);

    private DefaultHttpContext SmsDelivery(Stream body, long? contentLength, string? key = null)
    {
        var http = _pipeline.NewRequest("POST", "/api/sms/events");
        http.Request.Headers[ApiKeyAuthentication.HeaderName] = key ?? TestKeys.ByRole["sms"];
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = contentLength;
        if (contentLength is null)
        {
            http.Request.Headers.TransferEncoding = "chunked";
        }

        http.Request.Body = body;
        return http;
    }

    private static JsonElement Problem(HttpContext http) => JsonSerializer.Deserialize<JsonElement>(((MemoryStream)http.Response.Body).ToArray());

    /// <summary>A body that fails the test if anyone reads it.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body was read.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("The body was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The body was read.");
    }
}
