using System.Net;
using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// Which proxies' <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count in the Functions app: the
/// Functions host's, always — it forwards every HTTP request to this worker from this machine, so the
/// worker's own view of the caller is always the loopback address — plus those of
/// <c>Http:ForwardedHeaders</c> (the standalone host's setting) for proxies in front of the host.
/// Without this, failed-key throttling would count every caller's failures against the host's address
/// and one caller could lock everyone out.
/// </summary>
internal static class ForwardedClient
{
    public static ForwardedHeadersOptions Options(HttpOptions http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.ForwardedHeaders;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,

            // The host's own hop, then as many as configured for the proxies in front of it.
            ForwardLimit = configured.IsEnabled ? configured.ForwardLimit + 1 : 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Add(IPAddress.Loopback);
        options.KnownProxies.Add(IPAddress.IPv6Loopback);
        foreach (var proxy in configured.Proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in configured.Networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
