using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Where a browser may be sent back to after signing in: a path on this host and nothing else.
/// Stricter than <c>Url.IsLocalUrl</c>: the address is taken apart as a relative URI and written
/// again from its parts, so what comes back is exactly what was checked.
/// </summary>
/// <remarks>
/// Browsers forgive a lot on the way from <c>Location</c> to a request: they drop tabs and line
/// breaks (<c>/\t/evil.example</c> is <c>//evil.example</c>), read <c>\</c> as <c>/</c>, resolve dot
/// segments and decode some escapes. So only printable ASCII is accepted, no backslash in any form,
/// no empty or dot segment (which is where <c>//</c> hides), and the same again after one round of
/// percent-decoding. A <c>code=</c> parameter (a key in the URL) is dropped: it must not travel on.
/// </remarks>
internal static class ReturnUrl
{
    /// <summary>Longer than any page of the dashboard needs.</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// <paramref name="url"/> written again as a path and query on this host, without <c>code=</c>;
    /// null when it is not such a path.
    /// </summary>
    public static string? Local(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || !IsSafePathAndQuery(url))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(url);
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (!IsSafePathAndQuery(decoded))
        {
            return null;
        }

        var queryAt = url.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? url : url[..queryAt];
        var query = queryAt < 0 ? "" : url[queryAt..];
        if (path.Contains('#', StringComparison.Ordinal) || !Uri.TryCreate(path, UriKind.Relative, out _))
        {
            return null;
        }

        return path + WithoutKey(query);
    }

    /// <summary>The query string without its <c>code</c> parameter (a key), as <c>?a=1&amp;b=2</c> or empty.</summary>
    public static string WithoutKey(string query)
    {
        var kept = QueryHelpers.ParseQuery(query)
            .Where(pair => !pair.Key.Equals(ApiKeyAuthentication.QueryName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .ToList();
        return kept.Count == 0 ? "" : QueryString.Create(kept).ToUriComponent();
    }

    private static bool IsSafePathAndQuery(string url)
    {
        if (url[0] != '/' || url.Any(c => c is <= ' ' or >= '\u007f' or '\\'))
        {
            return false;
        }

        var queryAt = url.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? url : url[..queryAt];
        if (path == "/")
        {
            return true;
        }

        // "/a/b" has the segments "a" and "b"; "//x", "/a//b", "/a/", "/./" and "/../" have an empty or dot one.
        return path[1..].Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));
    }
}
