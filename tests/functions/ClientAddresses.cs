using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Functions.Tests;

/// <summary>
/// Gives test-server requests a connection address (the test server has none): the one in the
/// <see cref="Header"/> header, else <see cref="Default"/>. In front of the app's own pipeline, so the
/// app sees it as a real connection's address.
/// </summary>
internal sealed class ClientAddresses : IStartupFilter
{
    public const string Header = "x-test-connection-address";
    public const string Default = "192.0.2.10";

    public static WebApplicationFactory<Program> On(WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddresses())));

    /// <summary>A client whose requests come from <paramref name="address"/>, sending <paramref name="key"/> if given.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> app, string address, string? key = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(Header, address);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
        }

        return client;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].FirstOrDefault() ?? Default);
            return nextMiddleware(context);
        });
        next(app);
    };
}
