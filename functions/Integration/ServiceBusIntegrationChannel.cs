using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Publishes integration messages to an Azure Service Bus queue or topic through its REST API
/// (<c>POST {endpoint}/{entity}/messages</c>): the body is the same CloudEvents 1.0 JSON event
/// as on the storage queue, with content type <see cref="ContentType"/>; the broker properties
/// carry the message id as <c>MessageId</c> and the event type as <c>Label</c> (for topic
/// subscription filters).
/// </summary>
/// <remarks>
/// A retried activity sends the same <c>MessageId</c> again; with duplicate detection enabled on
/// the entity (with a window longer than the activity's retries, an hour or more), Service Bus
/// drops the repeat. Without it the consumer must de-duplicate by the CloudEvent <c>id</c>, as
/// with the storage queue. Failures throw, so that the activity's retry policy retries; the
/// message says whether retrying can help. Bodies carry patient data and are never logged.
/// </remarks>
internal sealed class ServiceBusIntegrationChannel : IIntegrationChannel
{
    /// <summary>The message's content type: a structured-mode CloudEvent.</summary>
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    // Service Bus error details are short; more than this is not worth an exception message.
    private const int MaxDetailChars = 300;

    private readonly HttpClient _http;
    private readonly ServiceBusSasTokenProvider _tokens;
    private readonly ILogger _logger;
    private readonly string _resource;
    private readonly Uri _messages;

    /// <param name="http">The client (typed, from IHttpClientFactory).</param>
    /// <param name="options">The settings; <see cref="IntegrationOptions.ServiceBusTarget"/> must succeed.</param>
    /// <param name="tokens">The namespace's SAS tokens (one cache for all channel instances).</param>
    /// <param name="logger">Where sends are logged (ids, types and the entity; never bodies).</param>
    public ServiceBusIntegrationChannel(HttpClient http, IOptions<IntegrationOptions> options, ServiceBusSasTokenProvider tokens, ILogger<ServiceBusIntegrationChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(logger);
        var (connection, entity) = options.Value.ServiceBusTarget();
        _http = http;
        _tokens = tokens;
        _logger = logger;
        Entity = entity;
        var entityUri = new Uri(connection.Endpoint, string.Join('/', entity.Split('/').Select(Uri.EscapeDataString)));
        _resource = entityUri.AbsoluteUri;
        _messages = new Uri(_resource + "/messages");
    }

    /// <summary>The queue or topic messages go to.</summary>
    public string Entity { get; }

    public async Task PublishAsync(IntegrationMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Type);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.AdmissionId);
        ArgumentNullException.ThrowIfNull(message.Body);

        var cloudEvent = CloudEventEnvelope.Write(message, CloudEventEnvelope.SerializeBody(message.Body));
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages) { Content = new ByteArrayContent(cloudEvent) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("Authorization", _tokens.GetToken(_resource));

        // The default encoder escapes non-ASCII as \uXXXX, so the header stays ASCII whatever the id holds.
        request.Headers.TryAddWithoutValidation("BrokerProperties", JsonSerializer.Serialize(new BrokerProperties(message.Id, message.Type)));

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            _logger.IntegrationMessageSentToServiceBus(message.Type, message.Id, message.AdmissionId, Entity);
            return;
        }

        var status = response.StatusCode;
        var detail = await ReadDetailAsync(response, ct).ConfigureAwait(false);
        _logger.ServiceBusSendFailed(message.Type, message.Id, Entity, (int)status);
        var what = $"Service Bus answered {(int)status} {response.ReasonPhrase} to the {message.Type} message '{message.Id}' for entity '{Entity}' at {_messages.Host}";
        throw status switch
        {
            HttpStatusCode.Unauthorized => new InvalidOperationException(
                $"{what}: the SAS token was refused. The likely cause is a wrong SharedAccessKeyName or SharedAccessKey in {IntegrationOptions.Section}:ServiceBus:ConnectionString, or this machine's clock being far off; retrying will not help until that is fixed.{detail}"),
            HttpStatusCode.Forbidden => new InvalidOperationException(
                $"{what}: the key's policy lacks the Send claim on this entity, or the entity's quota or message size limit is exceeded; retrying will not help until that is fixed.{detail}"),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new InvalidOperationException(
                $"{what}: no such queue or topic in this namespace. Check {IntegrationOptions.Section}:ServiceBus:Entity (or the connection string's EntityPath) and that the entity exists; retrying will not help until that is fixed.{detail}"),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new HttpRequestException(
                $"{what}: a transient failure; the activity's retry policy sends it again with the same MessageId.{detail}", null, status),
            _ => new InvalidOperationException($"{what}: the request was refused.{detail}"),
        };
    }

    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? string.Empty : " Detail: " + (text.Length > MaxDetailChars ? text[..MaxDetailChars] + "…" : text);
    }

    // Property names as Service Bus reads them (PascalCase).
    private sealed record BrokerProperties(string MessageId, string Label);
}
