using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// How many failed keys and sign-ins one client address may send before it waits (section
/// <c>Auth:FailedAttempts</c>); see <see cref="FailedAttempts"/>.
/// </summary>
internal sealed class FailedAttemptOptions
{
    public const string Section = "Auth:FailedAttempts";

    /// <summary>Failed attempts an address may make within <see cref="WindowSeconds"/>. Default 10.</summary>
    [Range(1, 10_000, ErrorMessage = "Auth:FailedAttempts:Limit must be 1–10000.")]
    public int Limit { get; set; } = 10;

    /// <summary>The sliding window the failures are counted in, in seconds. Default 300 (5 minutes).</summary>
    [Range(1, 86_400, ErrorMessage = "Auth:FailedAttempts:WindowSeconds must be 1–86400.")]
    public int WindowSeconds { get; set; } = 300;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
