using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>
/// Signs a request as Azure Communication Services' access-key authentication requires: the body's
/// SHA-256 in <c>x-ms-content-sha256</c>, the time in <c>x-ms-date</c>, and
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=…</c>,
/// the HMAC-SHA256 (keyed with the decoded access key) of
/// <c>{METHOD}\n{path and query}\n{x-ms-date};{host}:{port unless default};{x-ms-content-sha256}</c>.
/// </summary>
internal static class AcsHmacSigning
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";

    /// <summary>Adds the three headers to <paramref name="request"/>, whose content must be exactly <paramref name="body"/>.</summary>
    /// <param name="request">A request with an absolute URI.</param>
    /// <param name="body">The bytes the request sends.</param>
    /// <param name="accessKey">The decoded access key.</param>
    /// <param name="now">The wall-clock time; ACS refuses a date more than a few minutes off its own.</param>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, byte[] accessKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(accessKey);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new ArgumentException("The request needs an absolute URI to be signed: the host is part of the signature.", nameof(request));

        var date = now.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var stringToSign = $"{request.Method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.Remove(DateHeader);
        request.Headers.Remove(ContentHashHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, date);
        request.Headers.TryAddWithoutValidation(ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders={DateHeader};host;{ContentHashHeader}&Signature={signature}");
    }
}
