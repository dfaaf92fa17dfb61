namespace HaH.Orchestration.Functions.Sms.Replies;

/// <summary>A parsed SMS reply.</summary>
/// <param name="Kind">What the reply means.</param>
/// <param name="Code">
/// The 4-digit code the reply names, or null when it names none (the caller decides whether the
/// sender has exactly one open item the reply can be about).
/// </param>
/// <param name="Reason">
/// For <see cref="SmsReplyKind.Decline"/> the nurse's reason as written (trimmed, possibly empty);
/// null for the other kinds.
/// </param>
internal sealed record SmsReply(SmsReplyKind Kind, string? Code, string? Reason)
{
    /// <summary>The reply to anything that is not understood.</summary>
    public static SmsReply Unknown { get; } = new(SmsReplyKind.Unknown, null, null);
}
