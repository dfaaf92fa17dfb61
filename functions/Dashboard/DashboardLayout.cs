using System.Globalization;
using System.Security.Claims;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Dashboard.Today;
using Microsoft.AspNetCore.Antiforgery;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// The frame every dashboard page shares (navigation, the host's clock, sign-out) and the
/// headers that keep the pages to themselves: a strict Content-Security-Policy (no inline script
/// or style, forms post only here, no framing), no caching (the pages show patient data), no referrer.
/// </summary>
internal static class DashboardLayout
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A page for a signed-in user (an administrator, or the eHospital's staff on the today board).</summary>
    public static IResult Page(HttpContext http, string title, Html body, int statusCode = StatusCodes.Status200OK, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(http);
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var development = http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        var isVirtual = clock is VirtualTimeProvider;
        // The eHospital's staff see only what they may open: the today board.
        var admin = http.User.IsInRole(Auth.Roles.Admin);
        var danish = language == "da";
        var header = Html.Of($"""
            <header class="top">
              <a class="brand" href="{Auth.DashboardSignIn.HomePath(http.User)}">HaH · eHospital admissions</a>
              <nav>
                {Html.When(admin, Html.Raw("""<a href="/">Overview</a>"""))}
                <a href="{TodayBoardPage.Path}" lang="da">I dag</a>
                {Html.When(admin && development, Html.Raw("""<a href="/phone">Phone simulator</a>"""))}
              </nav>
              <span class="clock{(isVirtual ? " virtual" : "")}" title="The host's clock, Danish local time">{LocalText(clock.GetUtcNow())}{(isVirtual ? danish ? " (virtuelt ur)" : " (virtual clock)" : "")}</span>
              <form method="post" action="/logout" class="logout">
                {AntiforgeryField(http)}
                <span class="who">{(danish ? "Logget ind som" : "Signed in as")} {http.User.Identity?.Name}</span>
                <button type="submit">{(danish ? "Log ud" : "Sign out")}</button>
              </form>
            </header>
            """);
        return Document(title, Html.Of($"{header}<main lang=\"{language}\">{body}</main>"), statusCode);
    }

    /// <summary>A piece of a page that the page's script puts in place (sent with a page's headers).</summary>
    public static IResult Fragment(Html html) => new HtmlResult(html, StatusCodes.Status200OK);

    /// <summary>A page without the navigation (the sign-in form).</summary>
    public static IResult Document(string title, Html main, int statusCode = StatusCodes.Status200OK)
    {
        var page = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title} · HaH dashboard</title>
            <link rel="stylesheet" href="{DashboardAssets.StylesheetPath}">
            <script src="{DashboardAssets.ScriptPath}" defer></script>
            </head>
            <body>
            {main}
            </body>
            </html>
            """);
        return new HtmlResult(page, statusCode);
    }

    /// <summary>The hidden antiforgery field every dashboard form carries.</summary>
    public static Html AntiforgeryField(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>A time as a person here reads it: Danish local time, with the date.</summary>
    public static string LocalText(DateTimeOffset? instant, bool seconds = false) =>
        instant is { } value ? DanishTime.Normalise(value).ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    /// <summary>A message box (confirmations, refusals) with a link back.</summary>
    public static Html Notice(string kind, string text) => Html.Of($"""<p class="notice {kind}" role="status">{text}</p>""");

    /// <summary>The name of who is acting, for histories and logs.</summary>
    public static string Requester(ClaimsPrincipal user) => Auth.DashboardSignIn.Requester(user);

    /// <summary>303 See Other: after a form's POST, the browser loads the page with GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private sealed class HtmlResult(Html page, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await response.WriteAsync(page.Value, httpContext.RequestAborted);
        }
    }
}
