using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// Sign-in with the admin key (<c>GET/POST /login</c>) and sign-out (<c>POST /logout</c>); see
/// <see cref="DashboardSignIn"/> for the cookie. The form posts the key in the body, never in the
/// URL, and the page never shows it back.
/// </summary>
internal static class SignInPages
{
    public static IResult Form(HttpContext http, string? returnUrl) => LoginPage(http, returnUrl, null, StatusCodes.Status200OK);

    public static async Task<IResult> SignInAsync(HttpContext http, ApiKeyVerifier verifier, IAntiforgery antiforgery, ILogger<DashboardSignInLog> log)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return LoginPage(http, returnUrl, "The form had expired. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        var key = verifier.Verify(form["key"].ToString());
        if (key is null)
        {
            log.DashboardSignInRefused("unknown key");
            return LoginPage(http, returnUrl, "That key is not valid.", StatusCodes.Status401Unauthorized);
        }

        if (!DashboardSignIn.CanSignIn(key.Role))
        {
            log.DashboardSignInRefused($"key '{key.Name}' has role {key.Role}, not admin or ehospital");
            return LoginPage(http, returnUrl, "That key is valid but is not an administrator's or the eHospital's key; the dashboard needs one of those.", StatusCodes.Status403Forbidden);
        }

        var principal = DashboardSignIn.Principal(key);
        await http.SignInAsync(DashboardSignIn.CookieScheme, principal);
        log.DashboardSignedIn(key.Name);
        // The eHospital's staff may use the today board only: the overview is not theirs to start on.
        var home = DashboardSignIn.HomePath(principal);
        return Results.Redirect(IsLocal(returnUrl) && !(returnUrl == "/" && home != "/") ? returnUrl : home);
    }

    public static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, ILogger<DashboardSignInLog> log)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return DashboardLayout.Document("Sign out", Html.Of($"""<main class="narrow">{DashboardLayout.Notice("error", "The form had expired; nothing was done.")}<p><a href="/">Back to the dashboard</a></p></main>"""), StatusCodes.Status400BadRequest);
        }

        log.DashboardSignedOut(http.User.Identity?.Name ?? "unknown");
        await http.SignOutAsync(DashboardSignIn.CookieScheme);
        return Results.Redirect(DashboardSignIn.LoginPath);
    }

    // Only a path on this host: never "//elsewhere" or "/\elsewhere", which browsers treat as another host.
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal);

    private static IResult LoginPage(HttpContext http, string? returnUrl, string? error, int statusCode)
    {
        var main = Html.Of($"""
            <main class="narrow login">
              <h1>HaH dashboard</h1>
              <p>Sign in with your API key: an administrator's key for the whole dashboard, the eHospital's key for the today board. The key is checked once; the browser then keeps a session cookie, never the key.</p>
              {(error is null ? Html.Empty : DashboardLayout.Notice("error", error))}
              <form method="post" action="{DashboardSignIn.LoginPath}">
                {DashboardLayout.AntiforgeryField(http)}
                <input type="hidden" name="returnUrl" value="{(IsLocal(returnUrl) ? returnUrl : "/")}">
                <label for="key">API key</label>
                <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">Sign in</button>
              </form>
            </main>
            """);
        return DashboardLayout.Document("Sign in", main, statusCode);
    }
}

/// <summary>The log category of dashboard sign-ins.</summary>
internal sealed class DashboardSignInLog;
