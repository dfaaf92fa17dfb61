using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// The <c>x-ms-continuation-token</c> of the instance list, sealed with ASP.NET Core data
/// protection: a client gets back only what the list handed out (Durable Functions' clients treat
/// the token as opaque), so a made-up or altered token is a 400 — never a storage query built from
/// it, which might fail or quietly list the wrong page.
/// </summary>
internal sealed class ContinuationTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("HaH.Orchestration.Management.ContinuationToken.v1");

    public string Seal(string token) => _protector.Protect(token);

    /// <summary>The index token inside <paramref name="sealedToken"/>, or null when this list did not hand it out.</summary>
    public string? Open(string sealedToken)
    {
        try
        {
            return _protector.Unprotect(sealedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
