namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// The placeholder in an item's SMS text that the recipient's phone line replaces with the
/// 4-digit code it allocates (codes are unique among that phone's open items, so only the
/// phone line can choose them).
/// </summary>
internal static class SmsItemCode
{
    public const string Placeholder = "{code}";
}
