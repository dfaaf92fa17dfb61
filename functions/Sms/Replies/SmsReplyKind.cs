namespace HaH.Orchestration.Functions.Sms.Replies;

/// <summary>What a nurse's SMS reply means.</summary>
internal enum SmsReplyKind
{
    /// <summary>Not a reply the workflow understands; the sender gets a help SMS.</summary>
    Unknown,

    /// <summary><c>OK</c>, <c>JA</c> or <c>GIVET</c>: the dose was given (or an escalation acknowledged).</summary>
    Confirm,

    /// <summary><c>NEJ</c>: the dose was not given; escalates at once.</summary>
    Decline,
}
