using System.Security.Cryptography;
using System.Text;
using HaH.Orchestration.Functions.Shared;

namespace HaH.Orchestration.Functions.Sms;

/// <summary>
/// What an incoming event is known by inside the app (the processed-events table, a phone line's
/// recent event ids, the id of the help SMS it causes): its own id when that is short and clean,
/// otherwise a digest of it. The same event always gets the same key, so repeats stay recognisable,
/// and a key fits a table key and keeps a phone line's state small whatever Event Grid sends.
/// </summary>
internal static class SmsEventKey
{
    /// <summary>Ids up to this long are used as they are (escaped for table keys they stay within 512 characters).</summary>
    public const int MaxPlainLength = 100;

    public static string Of(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return eventId.Length is > 0 and <= MaxPlainLength && !FreeText.HasControlCharacters(eventId) && eventId.Trim() == eventId
            ? eventId
            : Digest(eventId);
    }

    /// <summary>The key of an event that has no usable id, from its whole content.</summary>
    public static string OfContent(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Digest("content:" + content);
    }

    private static string Digest(string text) => "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
