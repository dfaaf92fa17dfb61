using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HaH.Orchestration.Functions.Sms.Sending;

namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>
/// Sends SMS through Azure Communication Services' REST API (<c>POST {endpoint}/sms?api-version=2021-03-07</c>),
/// HMAC-signed with the access key, one recipient per request, delivery reports on.
/// </summary>
/// <remarks>
/// A send runs at least once (activities are retried), so every request for one message carries the
/// same <c>repeatabilityRequestId</c> — a name-based UUID of the task hub and the message id — and the
/// same <c>repeatabilityFirstSent</c>, the time of the first attempt as <see cref="SmsMessageLog"/> kept
/// it; ACS answers a repeat with the first request's result instead of texting again. Once ACS has
/// accepted a message, a repeated send does not call ACS at all.
/// Throttling (429), time-outs (408) and server errors (5xx) throw, so the activity's retry policy
/// tries again; a refusal (the recipient's item not accepted, or another 4xx) comes back as a result
/// that is not accepted, because sending it again would be refused again.
/// </remarks>
internal sealed class AcsSmsSender : ISmsSender
{
    /// <summary>The named <see cref="HttpClient"/> the sender uses.</summary>
    public const string HttpClientName = "AcsSms";

    /// <summary>The API version of the Sms - Send operation.</summary>
    public const string ApiVersion = "2021-03-07";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IHttpClientFactory _httpClients;
    private readonly AcsConnection _connection;
    private readonly string _from;
    private readonly SmsMessageLog _log;
    private readonly string _taskHub;
    private readonly TimeProvider _wallClock;
    private readonly ILogger _logger;

    /// <param name="httpClients">Where the <see cref="HttpClientName"/> client comes from.</param>
    /// <param name="options">The validated <c>Sms</c> settings.</param>
    /// <param name="log">Keeps the first-sent times and ACS's message ids.</param>
    /// <param name="taskHub">Part of every repeatability id, so hubs sharing one ACS resource never collide.</param>
    /// <param name="wallClock">
    /// Real time, even when the host runs on a virtual clock: ACS compares <c>x-ms-date</c> and
    /// <c>repeatabilityFirstSent</c> with its own clock, and its delivery reports carry real times.
    /// </param>
    /// <param name="logger">Message ids and statuses only; never numbers or bodies.</param>
    public AcsSmsSender(IHttpClientFactory httpClients, AcsSmsOptions options, SmsMessageLog log, string taskHub, TimeProvider wallClock, ILogger<AcsSmsSender> logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHub);
        ArgumentNullException.ThrowIfNull(wallClock);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClients = httpClients;
        _connection = options.Connection();
        _from = options.From.Trim();
        _log = log;
        _taskHub = taskHub;
        _wallClock = wallClock;
        _logger = logger;
    }

    /// <summary>Where requests go: <c>{endpoint}/sms?api-version=…</c>.</summary>
    public Uri SendUri => new(_connection.Endpoint, "sms?api-version=" + ApiVersion);

    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentException.ThrowIfNullOrWhiteSpace(sms.MessageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sms.To);
        ArgumentNullException.ThrowIfNull(sms.Body);

        var (firstSentAt, acceptedAs) = await _log.BeginSendAsync(sms.MessageId, _wallClock.GetUtcNow(), ct).ConfigureAwait(false);
        if (acceptedAs is not null)
        {
            _logger.AcsSmsAlreadyAccepted(sms.MessageId, acceptedAs);
            return new SmsSendResult(sms.MessageId, Accepted: true, Error: null);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new AcsSendRequest(
                _from,
                [new AcsRecipient(sms.To, RepeatabilityRequestId(_taskHub, sms.MessageId), firstSentAt.ToString("R", CultureInfo.InvariantCulture))],
                sms.Body,
                new AcsSendOptions(EnableDeliveryReport: true)),
            Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, SendUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        AcsHmacSigning.Sign(request, body, _connection.AccessKey, _wallClock.GetUtcNow());

        using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is 408 or 429 || status >= 500)
        {
            var retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - _wallClock.GetUtcNow());
            _logger.AcsSmsUnavailable(sms.MessageId, status);
            throw new HttpRequestException(
                $"Azure Communication Services answered {status} ({response.ReasonPhrase}) to SMS '{sms.MessageId}'"
                + (retryAfter is { } wait ? $" and asks to retry after {wait.TotalSeconds:0} s" : "")
                + "; the activity's retry policy will send it again with the same repeatability id.",
                inner: null,
                response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            // 400 (a request ACS cannot take), 401/403 (a wrong key or sender): sending it again would fail again.
            _logger.AcsSmsRefused(sms.MessageId, status);
            return new SmsSendResult(sms.MessageId, Accepted: false, Error: $"Azure Communication Services refused the request: {status} {response.ReasonPhrase}. {await ErrorTextAsync(response, ct).ConfigureAwait(false)}".Trim());
        }

        var answer = await ReadAnswerAsync(response, sms.MessageId, ct).ConfigureAwait(false);
        if (answer is { Successful: true, HttpStatusCode: (int)HttpStatusCode.Accepted, MessageId: { Length: > 0 } acsMessageId })
        {
            await _log.RecordAcceptedAsync(sms.MessageId, acsMessageId, sms.To, _wallClock.GetUtcNow(), ct).ConfigureAwait(false);
            _logger.AcsSmsAccepted(sms.MessageId, acsMessageId, answer.RepeatabilityResult ?? "none");
            return new SmsSendResult(sms.MessageId, Accepted: true, Error: null);
        }

        _logger.AcsSmsRefused(sms.MessageId, answer.HttpStatusCode);
        return new SmsSendResult(
            sms.MessageId,
            Accepted: false,
            Error: $"Azure Communication Services did not accept the SMS: {answer.HttpStatusCode} {answer.ErrorMessage}"
                + (answer.RepeatabilityResult is { } repeatability ? $" (repeatability {repeatability})" : ""));
    }

    /// <summary>
    /// The repeatability id of a message: a UUID (version 8, RFC 9562) made from the SHA-256 of the task hub
    /// and the message id, so it is the same on every attempt and differs between hubs.
    /// </summary>
    public static string RepeatabilityRequestId(string taskHub, string messageId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"hah-sms/{taskHub}/{messageId}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static async Task<AcsSendResponseItem> ReadAnswerAsync(HttpResponseMessage response, string messageId, CancellationToken ct)
    {
        AcsSendResponse? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<AcsSendResponse>(Json, ct).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(
                $"Azure Communication Services answered {(int)response.StatusCode} to SMS '{messageId}' with a body that is not the Sms - Send response; "
                + "the SMS may or may not have been accepted, so the send will be retried with the same repeatability id.",
                error);
        }

        return answer?.Value is [var item, ..]
            ? item
            : throw new InvalidDataException(
                $"Azure Communication Services answered {(int)response.StatusCode} to SMS '{messageId}' without a result for the recipient; "
                + "the send will be retried with the same repeatability id.");
    }

    // ACS's error body is {"error":{"code":…,"message":…}}; the message names the problem, not the SMS's text.
    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? string.Join(": ", new[] { "code", "message" }.Select(name => error.TryGetProperty(name, out var value) ? value.ToString() : null).OfType<string>())
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
