using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// How the host is reached from outside (section <c>Http</c>): its public address, and the proxies
/// in front of it whose forwarded headers count. See <see cref="HttpEdge"/>.
/// </summary>
internal sealed class HttpOptions : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>
    /// The address callers reach the host at, e.g. <c>https://hah.example.dk</c> (an optional path is
    /// kept): every absolute link the host hands out (<c>Location</c>, the Durable-style links of a
    /// start) begins with it, whatever Host header a request carried. Default: empty — the request's
    /// own host, which host filtering (<c>AllowedHosts</c>) has checked.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The proxies in front of the host (Azure Front Door, Application Gateway). Default: none.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash, or null when it is not set.</summary>
    public string? BaseUrl => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0))
        {
            yield return new ValidationResult(
                $"{Section}:PublicBaseUrl is '{url}'; expected an absolute http(s) address without query or fragment, e.g. https://hah.example.dk.",
                [nameof(PublicBaseUrl)]);
        }

        foreach (var proxy in ForwardedHeadersSettings.Split(ForwardedHeaders.KnownProxies).Where(proxy => !IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:ForwardedHeaders:KnownProxies has '{proxy}'; expected IP addresses separated by ';', e.g. 10.0.0.4;10.0.0.5.",
                [nameof(ForwardedHeaders)]);
        }

        foreach (var network in ForwardedHeadersSettings.Split(ForwardedHeaders.KnownNetworks).Where(network => !IPNetwork.TryParse(network, out _)))
        {
            yield return new ValidationResult(
                $"{Section}:ForwardedHeaders:KnownNetworks has '{network}'; expected networks in CIDR notation separated by ';', e.g. 10.0.0.0/24.",
                [nameof(ForwardedHeaders)]);
        }

        if (ForwardedHeaders.ForwardLimit is < 1 or > 10)
        {
            yield return new ValidationResult($"{Section}:ForwardedHeaders:ForwardLimit must be 1–10.", [nameof(ForwardedHeaders)]);
        }
    }
}

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count (section
/// <c>Http:ForwardedHeaders</c>). Off while both lists are empty: then a client could claim any
/// address or scheme, so the headers are ignored.
/// </summary>
internal sealed class ForwardedHeadersSettings
{
    /// <summary>The proxies' own addresses, separated by <c>;</c>. Default: none.</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>The networks the proxies send from, in CIDR notation, separated by <c>;</c>. Default: none.</summary>
    public string KnownNetworks { get; set; } = "";

    /// <summary>How many proxies in a row to read back through (entries of <c>X-Forwarded-For</c>). Default 1.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Whether any proxy is configured.</summary>
    public bool IsEnabled => Split(KnownProxies).Any() || Split(KnownNetworks).Any();

    public IEnumerable<IPAddress> Proxies => Split(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks => Split(KnownNetworks).Select(network => IPNetwork.Parse(network));

    internal static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
