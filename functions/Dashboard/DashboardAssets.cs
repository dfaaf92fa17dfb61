using System.Reflection;
using System.Security.Cryptography;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the assembly (no front-end build, no CDN,
/// independent of the content root) and served without a key: they hold no data.
/// </summary>
internal static class DashboardAssets
{
    public const string StylesheetPath = "/dashboard/dashboard.css";
    public const string ScriptPath = "/dashboard/dashboard.js";

    private static readonly Lazy<Asset> Stylesheet = new(() => Load("dashboard.css", "text/css; charset=utf-8"));
    private static readonly Lazy<Asset> Script = new(() => Load("dashboard.js", "text/javascript; charset=utf-8"));

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet(StylesheetPath, (HttpContext http) => Serve(http, Stylesheet.Value)).AllowAnonymous();
        group.MapGet(ScriptPath, (HttpContext http) => Serve(http, Script.Value)).AllowAnonymous();
    }

    private static IResult Serve(HttpContext http, Asset asset)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag));
    }

    private static Asset Load(string name, string contentType)
    {
        var resource = $"HaH.Orchestration.Functions.Dashboard.Assets.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing: the project file should embed Dashboard/Assets/*.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(content, contentType, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
