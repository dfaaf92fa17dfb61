namespace HaH.Orchestration.Functions.Hosting;

/// <summary>Where the host listens when nothing says otherwise.</summary>
internal static class HostUrls
{
    /// <summary>The Azure Functions local port, so tools and scripts written for Functions work unchanged.</summary>
    public const string Default = "http://localhost:7071";

    /// <summary>Listens on <see cref="Default"/> unless <c>ASPNETCORE_URLS</c>, <c>--urls</c> or a setting names addresses.</summary>
    public static IWebHostBuilder UseDefaultUrlsUnlessConfigured(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        var configured = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
        return webHost.UseUrls(string.IsNullOrWhiteSpace(configured) ? Default : configured);
    }
}
