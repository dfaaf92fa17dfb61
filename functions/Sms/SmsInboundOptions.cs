using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// How phone lines are named and what a number without one may get (section <c>Sms</c>, beside
/// <see cref="Acs.AcsSmsOptions"/>): <c>PseudonymKey</c>, <c>HelpPerNumberPerHour</c> (1) and
/// <c>HelpPerHour</c> (30). Validated on start; the development key is refused outside Development.
/// </summary>
internal sealed class SmsInboundOptions
{
    public const string Section = "Sms";

    /// <summary>The documented development key: public, so it pseudonymises nothing; refused outside Development.</summary>
    public const string DevelopmentPseudonymKey = "dev-phone-pseudonym-key-not-a-secret";

    /// <summary>
    /// The secret of this deployment that phone line ids are made from (HMAC-SHA256 of the number),
    /// at least 32 characters, e.g. 32 random bytes in base64. Never change it while admissions run:
    /// every phone line would get a new id and lose its open items. Default: <see cref="DevelopmentPseudonymKey"/>.
    /// </summary>
    [Required(ErrorMessage = "Sms:PseudonymKey must be at least 32 characters: a secret of this deployment (e.g. 32 random bytes in base64).")]
    [MinLength(32, ErrorMessage = "Sms:PseudonymKey must be at least 32 characters: a secret of this deployment (e.g. 32 random bytes in base64).")]
    public string PseudonymKey { get; set; } = DevelopmentPseudonymKey;

    /// <summary>Help SMS one number without a phone line may get in an hour; 0 sends none. Default 1.</summary>
    [Range(0, 10, ErrorMessage = "Sms:HelpPerNumberPerHour must be 0–10 (help SMS one number without a phone line may get in an hour).")]
    public int HelpPerNumberPerHour { get; set; } = 1;

    /// <summary>Help SMS to all numbers without a phone line together in an hour; 0 sends none. Default 30.</summary>
    [Range(0, 10_000, ErrorMessage = "Sms:HelpPerHour must be 0–10000 (help SMS to all numbers without a phone line together in an hour).")]
    public int HelpPerHour { get; set; } = 30;
}
