using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// The administrators' browser sign-in. A browser cannot send <c>x-api-key</c> when it navigates,
/// so the dashboard's sign-in form takes the admin key once, checks it like the key scheme does
/// (<see cref="ApiKeyVerifier"/>), and issues an encrypted cookie (HttpOnly, SameSite=Strict,
/// Secure outside Development and on https) whose principal carries the key's name and role. The key itself is never
/// stored in the cookie, a URL or a page.
/// </summary>
/// <remarks>
/// <para>Which scheme authenticates a request (<see cref="KeyOrCookieScheme"/>):</para>
/// <list type="bullet">
/// <item>a request with an <c>x-api-key</c> header: the key, everywhere;</item>
/// <item>the dashboard's own pages: otherwise the cookie (never <c>code=</c>: no key in a dashboard URL);</item>
/// <item>the JSON routes (<c>/api</c>, <c>/runtime</c>): otherwise <c>code=</c> where the route takes it
/// (<see cref="KeyInQuery"/>) or, for GET and HEAD only, the cookie — so a signed-in administrator can
/// open the JSON links, while a state-changing JSON call, which has no antiforgery token, always needs
/// the key.</item>
/// </list>
/// <para>The way to the sign-in form carries the page asked for, never its <c>code=</c>
/// (<see cref="ReturnUrl"/>), and is a relative address: the request's Host header is not repeated.</para>
/// <para>The cookie is checked again on every request: a key removed, rotated or no longer admin ends
/// the sessions made with it.</para>
/// </remarks>
internal static class DashboardSignIn
{
    public const string CookieScheme = "DashboardCookie";
    public const string KeyOrCookieScheme = "KeyOrCookie";
    public const string CookieName = "hah-dashboard";
    public const string LoginPath = "/login";

    /// <summary>The dashboard's pages: an administrator, signed in or sending the admin key.</summary>
    public const string DashboardPolicy = "dashboard";

    /// <summary>The today board: the eHospital's staff or an administrator.</summary>
    public const string BoardPolicy = "board";

    private const string FingerprintClaim = "hah:key-fingerprint";

    public static WebApplicationBuilder AddDashboardSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(options =>
            {
                // Every policy accepts the key or the cookie; a missing or refused key answers 401/403
                // as before, only the dashboard's pages send a browser to the sign-in form.
                options.DefaultAuthenticateScheme = KeyOrCookieScheme;
                options.DefaultChallengeScheme = ApiKeyAuthentication.SchemeName;
                options.DefaultForbidScheme = ApiKeyAuthentication.SchemeName;
            })
            .AddPolicyScheme(KeyOrCookieScheme, "API key or dashboard sign-in", options => options.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = SecurePolicy(builder.Environment);
                options.Cookie.IsEssential = true;
                options.LoginPath = LoginPath;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);

                // Sessions last by the wall clock, also when the host runs on the virtual clock (the
                // app's TimeProvider): a simulated night must not sign the administrator out.
                options.TimeProvider = TimeProvider.System;
                options.SlidingExpiration = true;
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                options.Events.OnValidatePrincipal = ValidateAsync;
                options.Events.OnRedirectToLogin = context =>
                {
                    context.Response.Redirect(LoginLocation(context.Request));
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DashboardPolicy, policy => policy.AddAuthenticationSchemes(KeyOrCookieScheme).RequireRole(Roles.Admin))
            .AddPolicy(BoardPolicy, policy => policy.AddAuthenticationSchemes(KeyOrCookieScheme).RequireRole(Roles.EHospital, Roles.Admin));
        return builder;
    }

    /// <summary>
    /// Secure always outside Development: a deployment is reached over https (behind a proxy the
    /// forwarded scheme says so, see <c>Http:ForwardedHeaders</c>), and a cookie that would also travel
    /// over plain http is a session to steal. Development follows the request, for http://localhost.
    /// </summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment?.IsDevelopment() == true ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>The principal a dashboard session carries: the key's name and role, and the key's fingerprint.</summary>
    public static ClaimsPrincipal Principal(ApiKeyMatch key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role), new Claim(FingerprintClaim, key.Fingerprint)],
            CookieScheme));
    }

    /// <summary>The roles that may hold a dashboard session: administrators, and the eHospital's staff for the today board.</summary>
    public static bool CanSignIn(string? role) => role is Roles.Admin or Roles.EHospital;

    /// <summary>Where a signed-in user starts: the overview for administrators, the today board for the eHospital's staff.</summary>
    public static string HomePath(ClaimsPrincipal user) => user?.IsInRole(Roles.Admin) == true ? "/" : "/today";

    /// <summary>Who did it, as the management routes record it in an instance's history.</summary>
    public static string Requester(ClaimsPrincipal user) => $"key:{user?.Identity?.Name ?? "unknown"}";

    /// <summary>
    /// <c>/login?ReturnUrl=…</c> for the page asked for, relative (the cookie handler's own is absolute,
    /// built from the Host header) and without the page's <c>code=</c>.
    /// </summary>
    internal static string LoginLocation(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var back = ReturnUrl.Local(request.Path.ToUriComponent() + ReturnUrl.WithoutKey(request.QueryString.Value ?? ""));
        return LoginPath + (back is null ? "" : QueryString.Create("ReturnUrl", back).ToUriComponent());
    }

    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(ApiKeyAuthentication.HeaderName))
        {
            return ApiKeyAuthentication.SchemeName;
        }

        var isJsonRoute = request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/runtime", StringComparison.OrdinalIgnoreCase);
        if (!isJsonRoute)
        {
            return CookieScheme;
        }

        var keyInQuery = request.Query.ContainsKey(ApiKeyAuthentication.QueryName) && KeyInQuery.IsAccepted(context);
        return !keyInQuery && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            ? CookieScheme
            : ApiKeyAuthentication.SchemeName;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var verifier = context.HttpContext.RequestServices.GetRequiredService<ApiKeyVerifier>();
        var role = user?.FindFirst(ClaimTypes.Role)?.Value;
        if (!CanSignIn(role) || !verifier.IsCurrent(user?.Identity?.Name, role, user?.FindFirst(FingerprintClaim)?.Value))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
