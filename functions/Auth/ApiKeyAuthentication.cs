using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Authenticates a request by its API key: header <c>x-api-key</c>, or query <c>code=</c> on the
/// routes whose callers cannot set headers (<see cref="KeyInQuery"/>: the SMS webhook, the
/// management routes) and nowhere else. Keys are compared in constant time and never logged; the
/// documented development keys are refused outside Development.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";
    public const string QueryName = "code";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].FirstOrDefault()
            ?? (KeyInQuery.IsAccepted(Context) ? Request.Query[QueryName].FirstOrDefault() : null);
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (verifier.Verify(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
