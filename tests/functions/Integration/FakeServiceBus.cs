using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HaH.Orchestration.Functions.Tests.Integration;

/// <summary>
/// A stand-in for a Service Bus namespace's REST send route, <c>POST /{entity}/messages</c>, on
/// 127.0.0.1 over plain http. It checks the SAS token as Service Bus does (key name, expiry by
/// its own clock, the signed resource covering the requested entity, and the HMAC-SHA256 of the
/// encoded resource and expiry recomputed with the shared key), answers 401 otherwise, 404 for
/// an unknown entity, and applies duplicate detection by <c>MessageId</c>: a repeat is accepted
/// (201) but not stored again. <see cref="FailNext"/> makes it answer 503 or 429 on demand.
/// </summary>
internal sealed class FakeServiceBus : IAsyncDisposable
{
    public const string KeyName = "hah-send";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly HashSet<string> _entities;
    private readonly Lock _gate = new();
    private readonly List<ReceivedMessage> _stored = [];
    private readonly HashSet<(string Entity, string MessageId)> _seen = [];
    private readonly Queue<HttpStatusCode> _failures = new();
    private readonly List<long> _acceptedExpiries = [];
    private int _attempts;

    private FakeServiceBus(WebApplication app, TimeProvider clock, IEnumerable<string> entities)
    {
        _app = app;
        _clock = clock;
        _entities = new HashSet<string>(entities, StringComparer.OrdinalIgnoreCase);
        app.MapPost("/{**path}", HandleAsync);
    }

    /// <summary>The namespace's shared access key (random per instance).</summary>
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every send request that reached it, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The expiries (Unix seconds) of the tokens it accepted, in order.</summary>
    public IReadOnlyList<long> AcceptedTokenExpiries
    {
        get
        {
            lock (_gate)
            {
                return [.. _acceptedExpiries];
            }
        }
    }

    /// <summary>Starts a namespace with the given queues or topics, checking token expiry by <paramref name="clock"/>.</summary>
    public static async Task<FakeServiceBus> StartAsync(TimeProvider clock, params string[] entities)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var bus = new FakeServiceBus(builder.Build(), clock, entities);
        await bus._app.StartAsync();
        bus.Endpoint = new Uri(bus._app.Urls.Single().TrimEnd('/') + "/");
        return bus;
    }

    /// <summary>A connection string for this namespace, with another key or an EntityPath if asked.</summary>
    public string ConnectionString(string? entityPath = null, string? key = null) =>
        $"Endpoint={Endpoint};SharedAccessKeyName={KeyName};SharedAccessKey={key ?? Key}" + (entityPath is null ? string.Empty : $";EntityPath={entityPath}");

    /// <summary>The messages stored in <paramref name="entity"/>, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages(string entity)
    {
        lock (_gate)
        {
            return _stored.Where(message => string.Equals(message.Entity, entity, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    /// <summary>Answers the next <paramref name="times"/> authorized sends with <paramref name="status"/> and stores nothing.</summary>
    public void FailNext(HttpStatusCode status, int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Enqueue(status);
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(string path, HttpRequest request)
    {
        Interlocked.Increment(ref _attempts);
        const string suffix = "/messages";
        if (!path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return Results.NotFound();
        }

        var entity = Uri.UnescapeDataString(path[..^suffix.Length]);
        var requested = $"{request.Scheme}://{request.Host}/{path[..^suffix.Length]}";
        if (Authorize(request.Headers.Authorization.ToString(), requested) is { } refusal)
        {
            return Results.Text($"<Error><Code>401</Code><Detail>{refusal}</Detail></Error>", "application/xml", statusCode: 401);
        }

        if (!_entities.Contains(entity))
        {
            return Results.Text($"<Error><Code>404</Code><Detail>The messaging entity '{entity}' could not be found.</Detail></Error>", "application/xml", statusCode: 404);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var properties = JsonDocument.Parse(request.Headers["BrokerProperties"].ToString() is { Length: > 0 } json ? json : "{}").RootElement;
        var messageId = properties.TryGetProperty("MessageId", out var id) ? id.GetString() : null;
        lock (_gate)
        {
            if (_failures.TryDequeue(out var failure))
            {
                return Results.StatusCode((int)failure);
            }

            // Without a MessageId, Service Bus makes one up: no de-duplication.
            if (messageId is null || _seen.Add((entity.ToUpperInvariant(), messageId)))
            {
                _stored.Add(new ReceivedMessage(
                    entity,
                    messageId,
                    properties.TryGetProperty("Label", out var label) ? label.GetString() : null,
                    request.ContentType,
                    body.ToArray()));
            }
        }

        return Results.StatusCode(201);
    }

    /// <summary>Null when the token is good for <paramref name="requested"/>; otherwise why not.</summary>
    private string? Authorize(string header, string requested)
    {
        const string scheme = "SharedAccessSignature ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "No SharedAccessSignature token.";
        }

        var fields = header[scheme.Length..].Split('&')
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("sig", out var sig) || !fields.TryGetValue("se", out var se) || !fields.TryGetValue("skn", out var skn))
        {
            return "The token lacks sr, sig, se or skn.";
        }

        if (Uri.UnescapeDataString(skn) != KeyName)
        {
            return "Unknown key name.";
        }

        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || expiry <= _clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return "The token is expired.";
        }

        var audience = Uri.UnescapeDataString(sr).TrimEnd('/');
        if (!requested.StartsWith(audience, StringComparison.OrdinalIgnoreCase) || (requested.Length > audience.Length && requested[audience.Length] != '/'))
        {
            return "The token is for another resource.";
        }

        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(Uri.UnescapeDataString(sig))))
        {
            return "Invalid signature.";
        }

        lock (_gate)
        {
            _acceptedExpiries.Add(expiry);
        }

        return null;
    }

    /// <summary>A stored message: its entity, broker properties, HTTP content type and body.</summary>
    internal sealed record ReceivedMessage(string Entity, string? MessageId, string? Label, string? ContentType, byte[] Body);
}
