using System.Globalization;
using System.Text;

namespace HaH.Orchestration.Functions.Sms.Replies;

/// <summary>
/// Reads a nurse's SMS reply. Understood: a keyword — <c>OK</c>, <c>JA</c>, <c>GIVET</c> (confirm)
/// or <c>NEJ</c> (decline) — in any case, with an optional 4-digit code before or after it, with
/// or without spaces between them; punctuation, emoji and whitespace around a confirmation; after
/// a decline, the nurse's reason (<c>NEJ 4711 patienten sov</c>). Everything else is
/// <see cref="SmsReplyKind.Unknown"/>. Never throws.
/// </summary>
internal static class SmsReplyParser
{
    /// <summary>A code is exactly this many digits; a longer or shorter number is not a code.</summary>
    public const int CodeLength = 4;

    private static readonly (string Word, SmsReplyKind Kind)[] Keywords =
    [
        ("OK", SmsReplyKind.Confirm),
        ("JA", SmsReplyKind.Confirm),
        ("GIVET", SmsReplyKind.Confirm),
        ("NEJ", SmsReplyKind.Decline),
    ];

    // Punctuation a nurse may put between the code and the reason ("NEJ 4711: sov"); it is not
    // part of the reason. Quotes and brackets are, so they are not listed.
    private const string ReasonSeparators = ".,:;!?-–—";

    /// <summary>Parses <paramref name="text"/>; null, empty and anything not understood give <see cref="SmsReply.Unknown"/>.</summary>
    public static SmsReply Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SmsReply.Unknown;
        }

        // Phones send "å" either composed or as "a" + combining ring; NFC makes them one form, so
        // reasons are stored the same way whichever phone wrote them.
        var reply = ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormC);
        var position = SkipSeparators(reply, 0);

        string? code = null;
        if (position < reply.Length && char.IsAsciiDigit(reply[position]))
        {
            if (!TryReadCode(reply, ref position, out code))
            {
                return SmsReply.Unknown;
            }

            position = SkipSeparators(reply, position);
        }

        if (!TryReadKeyword(reply, ref position, out var kind))
        {
            return SmsReply.Unknown;
        }

        if (code is null)
        {
            var next = SkipSeparators(reply, position);
            if (next < reply.Length && char.IsAsciiDigit(reply[next]))
            {
                if (!TryReadCode(reply, ref next, out code))
                {
                    return SmsReply.Unknown;
                }

                position = next;
            }
        }

        var rest = reply.AsSpan(position);
        if (kind == SmsReplyKind.Decline)
        {
            return new SmsReply(SmsReplyKind.Decline, code, ReadReason(rest));
        }

        return IsOnlyDecoration(rest) ? new SmsReply(SmsReplyKind.Confirm, code, null) : SmsReply.Unknown;
    }

    /// <summary>Reads a run of ASCII digits; it is a code only when it has exactly <see cref="CodeLength"/> of them.</summary>
    private static bool TryReadCode(string reply, ref int position, out string? code)
    {
        var end = position;
        while (end < reply.Length && char.IsAsciiDigit(reply[end]))
        {
            end++;
        }

        code = end - position == CodeLength ? reply[position..end] : null;
        position = end;
        return code is not null;
    }

    private static bool TryReadKeyword(string reply, ref int position, out SmsReplyKind kind)
    {
        foreach (var (word, wordKind) in Keywords)
        {
            var end = position + word.Length;

            // OrdinalIgnoreCase compares by invariant upper case, which is all the keywords need.
            // The keyword must end the word: "OKAY" and "JAKOB" are not replies.
            if (end <= reply.Length
                && reply.AsSpan(position, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                && (end == reply.Length || !IsWordCharacter(reply, end)))
            {
                position = end;
                kind = wordKind;
                return true;
            }
        }

        kind = SmsReplyKind.Unknown;
        return false;
    }

    private static string ReadReason(ReadOnlySpan<char> rest)
    {
        var start = 0;
        while (start < rest.Length && (char.IsWhiteSpace(rest[start]) || ReasonSeparators.Contains(rest[start], StringComparison.Ordinal)))
        {
            start++;
        }

        return rest[start..].TrimEnd().ToString();
    }

    /// <summary>Whitespace, punctuation and symbols (a "👍", "OK 4711!") add nothing to a confirmation.</summary>
    private static bool IsOnlyDecoration(ReadOnlySpan<char> rest)
    {
        foreach (var rune in rest.EnumerateRunes())
        {
            var decoration = Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune)
                // Emoji sequences carry joiners and variation selectors between their symbols.
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
            if (!decoration)
            {
                return false;
            }
        }

        return true;
    }

    private static int SkipSeparators(string reply, int position)
    {
        while (position < reply.Length && (char.IsWhiteSpace(reply[position]) || char.IsPunctuation(reply[position])))
        {
            position++;
        }

        return position;
    }

    private static bool IsWordCharacter(string reply, int position)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(reply, position);
        return char.IsLetter(reply, position)
            || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>
    /// A broken phone or gateway can deliver half a surrogate pair, which <see cref="string.Normalize()"/>
    /// rejects; such halves become U+FFFD so that a reply is never an exception.
    /// </summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }
}
