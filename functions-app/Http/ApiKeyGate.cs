using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Http;

/// <summary>
/// The standalone host's key and role check for one request, without ASP.NET Core's endpoint routing
/// (the Functions host routes): the same authentication scheme (<see cref="ApiKeyAuthentication"/>:
/// <c>x-api-key</c>, throttling, 429), the same role policies and the same problem answers for
/// 401 and 403 (written by the problem details service the standalone host's status code pages use).
/// </summary>
internal static class ApiKeyGate
{
    /// <summary>True when the request may go on; otherwise its answer is written.</summary>
    public static async Task<bool> AllowsAsync(HttpContext http, string policy)
    {
        ArgumentNullException.ThrowIfNull(http);
        var authentication = await http.AuthenticateAsync(ApiKeyAuthentication.SchemeName);
        if (authentication.Succeeded)
        {
            http.User = authentication.Principal;
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if ((await authorization.AuthorizeAsync(http.User, policy)).Succeeded)
            {
                return true;
            }

            await http.ForbidAsync(ApiKeyAuthentication.SchemeName);
        }
        else
        {
            await http.ChallengeAsync(ApiKeyAuthentication.SchemeName);
        }

        await StatusProblem.WriteAsync(http);
        return false;
    }
}
