using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Authenticates a request by its API key: header <c>x-api-key</c>, or query <c>code=</c> on the
/// routes whose callers cannot set headers (<see cref="KeyInQuery"/>: the SMS webhook, the
/// management routes) and nowhere else. Keys are compared in constant time and never logged; the
/// documented development keys are refused outside Development. An address that failed too often is
/// answered 429 before its key is even looked at (<see cref="FailedAttempts"/>).
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyVerifier verifier,
    FailedAttempts failedAttempts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";
    public const string QueryName = "code";

    private const string RetryAfterItem = "hah:retry-after";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].FirstOrDefault()
            ?? (KeyInQuery.IsAccepted(Context) ? Request.Query[QueryName].FirstOrDefault() : null);
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (failedAttempts.RetryAfter(Context) is { } wait)
        {
            Context.Items[RetryAfterItem] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed attempts from this address."));
        }

        if (verifier.Verify(presented) is not { } key)
        {
            failedAttempts.RecordFailure(Context);
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>429 with <c>Retry-After</c> for a throttled address (the problem body comes with the other empty answers), else 401.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterItem] is TimeSpan wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = FailedAttempts.Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        return base.HandleChallengeAsync(properties);
    }
}
