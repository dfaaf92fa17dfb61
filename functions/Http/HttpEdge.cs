using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// The host's edge to the outside: which Host headers it answers (ASP.NET Core's host filtering,
/// <c>AllowedHosts</c>), the address its absolute links carry (<see cref="HttpOptions.PublicBaseUrl"/>),
/// and the proxies whose forwarded headers tell the client's address and scheme (ASP.NET Core's
/// forwarded headers, from <see cref="ForwardedHeadersSettings"/>).
/// </summary>
/// <remarks>
/// A link built from a Host header the host does not check points wherever the request said
/// (<c>Host: evil.example</c> came back in <c>Location</c> and the start links). So outside Development the
/// host starts only with <c>Http:PublicBaseUrl</c> or an <c>AllowedHosts</c> list naming its hosts; in
/// Development without either, it answers only this machine's names.
/// </remarks>
internal static class HttpEdge
{
    /// <summary>The setting ASP.NET Core's host filtering reads.</summary>
    public const string AllowedHostsSetting = "AllowedHosts";

    /// <summary>The names of this machine: Development's hosts when nothing else is configured.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static WebApplicationBuilder AddHttpEdge(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<HttpOptions>()
            .BindConfiguration(HttpOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>(
                (options, configuration) => development || options.BaseUrl is not null || NamesHosts(configuration),
                $"Outside Development set {HttpOptions.Section}:PublicBaseUrl (the address callers use, e.g. https://hah.example.dk) "
                + $"or {AllowedHostsSetting} (the host names it answers, separated by ';'): links are not built from an unchecked Host header.")
            .ValidateOnStart();

        // Registered after the web host's own (which reads AllowedHosts, "*" when unset): in Development
        // with nothing configured, only this machine's names instead of any.
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IConfiguration, IOptions<HttpOptions>>((filtering, configuration, http) =>
        {
            if (development && !NamesHosts(configuration) && http.Value.BaseUrl is null)
            {
                filtering.AllowedHosts = [.. LoopbackHosts];
            }
        });
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpOptions>>((forwarded, http) =>
        {
            var proxies = http.Value.ForwardedHeaders;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxies.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in proxies.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client's address and scheme from the configured proxies' headers.</summary>
    public static WebApplication UseHttpEdge(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.ForwardedHeaders.IsEnabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>
    /// The start of every absolute link answered to <paramref name="request"/>: <c>Http:PublicBaseUrl</c>,
    /// or the request's own scheme, host (checked by host filtering) and path base.
    /// </summary>
    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.BaseUrl
            ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private static bool NamesHosts(IConfiguration configuration) =>
        ForwardedHeadersSettings.Split(configuration[AllowedHostsSetting]).Any(host => host != "*");
}
