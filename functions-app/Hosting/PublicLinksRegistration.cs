using HaH.Orchestration.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// <c>Http:PublicBaseUrl</c>, the address the shared handlers' links (<c>Location</c>, the start's
/// Durable-style links) begin with. The standalone host may instead check the Host header against
/// <c>AllowedHosts</c>; nothing here filters hosts, so outside Development the address is required
/// and a link is never built from the request's Host header.
/// </summary>
internal static class PublicLinksRegistration
{
    public static FunctionsApplicationBuilder AddPublicLinks(this FunctionsApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<HttpOptions>()
            .BindConfiguration(HttpOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                options => development || options.BaseUrl is not null,
                $"Outside Development set {HttpOptions.Section}:PublicBaseUrl (the address callers use, e.g. https://hah.example.dk): "
                + "the Functions app does not filter Host headers, and links are not built from an unchecked one.")
            .ValidateOnStart();
        return builder;
    }
}
