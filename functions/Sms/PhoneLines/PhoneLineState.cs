namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>A phone line's memory, carried across its generations.</summary>
internal sealed class PhoneLineState
{
    public const int RecentLimit = 200;

    public required string Phone { get; init; }

    public List<OpenSmsItemRecord> OpenItems { get; init; } = [];

    public List<string> RecentEventIds { get; init; } = [];

    /// <summary>The latest replies that matched nothing (kept visible for administrators).</summary>
    public List<UnmatchedReply> Unmatched { get; init; } = [];
}

/// <summary>An item awaiting an answer from this phone, under its code.</summary>
internal sealed record OpenSmsItemRecord(string Code, string AdmissionId, string ItemId, DateTimeOffset OpenedAt);

/// <summary>A reply that matched no open item; it got a help SMS and changed nothing.</summary>
internal sealed record UnmatchedReply(DateTimeOffset ReceivedAt, string Reason);
