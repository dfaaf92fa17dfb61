using System.Globalization;
using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// Sign-in with the admin key (<c>GET/POST /login</c>) and sign-out (<c>POST /logout</c>); see
/// <see cref="DashboardSignIn"/> for the cookie. The form posts the key in the body, never in the
/// URL, and the page never shows it back.
/// </summary>
/// <remarks>
/// Anyone may post the form, so it is read within tight limits: a form content type (else 415), at
/// most <see cref="MaxBodyBytes"/> (else 413 before anything is read; see <c>RequestBodyLimits</c>), a
/// few short fields (else the form again, 400) — never a failure with a stack trace in the log. Failed
/// sign-ins count with failed keys per address (<see cref="FailedAttempts"/>): past the limit, 429.
/// </remarks>
internal static class SignInPages
{
    /// <summary>The sign-in form's body: the antiforgery token, the key and the return path fit some ten times.</summary>
    public const long MaxBodyBytes = 8 * 1024;

    // The form has three fields; a key, a token or a return path is far shorter than 4 KiB.
    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 8,
        KeyLengthLimit = 64,
        ValueLengthLimit = 4 * 1024,
        MultipartBodyLengthLimit = MaxBodyBytes,
        MultipartHeadersCountLimit = 4,
        MultipartHeadersLengthLimit = 1024,
    };

    public static IResult Form(HttpContext http, string? returnUrl) => LoginPage(http, returnUrl, null, StatusCodes.Status200OK);

    public static async Task<IResult> SignInAsync(
        HttpContext http, ApiKeyVerifier verifier, FailedAttempts failedAttempts, IAntiforgery antiforgery, ILogger<DashboardSignInLog> log)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.HasFormContentType)
        {
            log.DashboardSignInRefused("not a form");
            return TypedResults.Problem(
                $"Sign in with the form at {DashboardSignIn.LoginPath}: its body is application/x-www-form-urlencoded (got {ContentTypeOf(http.Request)}).",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported Media Type");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(FormLimits, http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // Over the form limits (the exception's message says which): not what the page sends.
            log.DashboardSignInRefused("the form is over its limits");
            return LoginPage(http, null, "The form was not the one this page sends. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return LoginPage(http, returnUrl, "The form had expired. Please sign in again.", StatusCodes.Status400BadRequest);
        }

        // Before the key is looked at: a throttled address learns nothing about its guesses.
        if (failedAttempts.RetryAfter(http) is { } wait)
        {
            log.DashboardSignInRefused("too many failed attempts from the address");
            var seconds = FailedAttempts.Seconds(wait);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return LoginPage(http, returnUrl, $"Too many failed sign-ins from this address. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).", StatusCodes.Status429TooManyRequests);
        }

        var key = verifier.Verify(form["key"].ToString());
        if (key is null)
        {
            failedAttempts.RecordFailure(http);
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
        var back = ReturnUrl.Local(returnUrl);
        return Results.Redirect(back is not null && !(back == "/" && home != "/") ? back : home);
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

    private static string ContentTypeOf(HttpRequest request) =>
        request.ContentType is { Length: > 0 } type ? type[..Math.Min(type.Length, 100)] : "none";

    private static IResult LoginPage(HttpContext http, string? returnUrl, string? error, int statusCode)
    {
        var main = Html.Of($"""
            <main class="narrow login">
              <h1>HaH dashboard</h1>
              <p>Sign in with your API key: an administrator's key for the whole dashboard, the eHospital's key for the today board. The key is checked once; the browser then keeps a session cookie, never the key.</p>
              {(error is null ? Html.Empty : DashboardLayout.Notice("error", error))}
              {Html.When(!http.Request.IsHttps && DashboardSignIn.SecurePolicy(http.RequestServices.GetRequiredService<IHostEnvironment>()) == CookieSecurePolicy.Always,
                  DashboardLayout.Notice("error", "This page was opened over plain http: the session cookie travels over https only, so signing in here will not last. Open the dashboard's https address."))}
              <form method="post" action="{DashboardSignIn.LoginPath}">
                {DashboardLayout.AntiforgeryField(http)}
                <input type="hidden" name="returnUrl" value="{ReturnUrl.Local(returnUrl) ?? "/"}">
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
