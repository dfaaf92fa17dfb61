using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HaH.Orchestration.Functions.Shared;

/// <summary>
/// The app's one sanitiser for free text that comes from outside — a nurse's SMS, a value of an
/// Event Grid event — before it is stored, shown, texted or logged. It makes one line (control and
/// invisible formatting characters removed, line breaks and runs of whitespace become one space),
/// masks every CPR-shaped number, removes the names it is given, and clips.
/// </summary>
/// <remarks>
/// CPR-shaped means ten digits grouped 6+4 or 2+2+2+4 with at most one separator (space, dot,
/// hyphen, dash or slash, optionally with spaces around it) between groups, not part of a longer
/// number: <c>010180-1234</c>, <c>0101801234</c>, <c>010180 1234</c>, <c>01.01.80-1234</c>,
/// <c>01 01 80 1234</c>, <c>01-01-80-1234</c>, also right next to letters. The date is not checked:
/// substitute CPR numbers add 60 to the day, and masking a ten-digit phone number too is harmless.
/// A 4-digit reply code or a time such as 14:00 is never CPR-shaped. Names cannot be recognised in
/// general; only names the caller knows (the patient's, from the admission plan) are removed.
/// </remarks>
internal static partial class FreeText
{
    /// <summary>What a CPR-shaped number becomes.</summary>
    public const string CprMask = "xxxxxx-xxxx";

    /// <summary>What a known name becomes.</summary>
    public const string NameMask = "[navn]";

    /// <summary>How long a value in a log message may be.</summary>
    public const int MaxLogValue = 200;

    private const string Cut = "...";

    // Enough beyond the clip for a CPR-shaped number (at most 19 characters) or a name that starts
    // before it to be recognised whole; the rest is never looked at, so a long text costs nothing.
    private const int Lookahead = 128;

    /// <summary>One clean line of at most <paramref name="max"/> characters ("..." marks a cut).</summary>
    public static string Clean(string? text, int max) => Clip(CprShaped().Replace(Line(text, max), CprMask), max);

    /// <summary>
    /// As <see cref="Clean(string?, int)"/>, and each of <paramref name="names"/> — a full name;
    /// it and each of its parts of two letters or more, split at spaces and at hyphens — removed where it stands as a word, in
    /// any case, also with a genitive s ("Jensens").
    /// </summary>
    public static string Clean(string? text, int max, IEnumerable<string?> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var line = CprShaped().Replace(Line(text, max), CprMask);
        var words = names.Select(name => Line(name, MaxLogValue)).Where(name => name.Length > 0)
            .SelectMany(name => name.Split(' ').Concat(name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)).Prepend(name))
            .Where(word => word.Length >= 2)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            // The full name before its parts, so that "Karen Jensen" becomes one mask.
            .OrderByDescending(word => word.Length)
            .ToList();
        if (words.Count > 0 && line.Length > 0)
        {
            var pattern = $@"(?<![\p{{L}}\p{{M}}\p{{Nd}}])(?:{string.Join('|', words.Select(Regex.Escape))})(?:s|'s|’s)?(?![\p{{L}}\p{{M}}\p{{Nd}}])";
            line = Regex.Replace(line, pattern, NameMask, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return Clip(line, max);
    }

    /// <summary>A value from outside for a log message: one clean line, so it can never start a line of its own.</summary>
    public static string ForLog(string? value) => Clean(value, MaxLogValue);

    /// <summary>True when <paramref name="text"/> holds a control or invisible formatting character that <see cref="Clean(string?, int)"/> would remove.</summary>
    public static bool HasControlCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.EnumerateRunes().Any(rune => Rune.IsControl(rune) || IsInvisibleFormat(rune));
    }

    /// <summary>
    /// Control characters out (line breaks and tabs become spaces), invisible formatting characters
    /// out (bidi overrides, zero-width spaces, soft hyphens; the emoji joiner stays), whitespace
    /// collapsed, half surrogate pairs replaced, composed (NFC) so "å" is one form whichever phone wrote it.
    /// </summary>
    private static string Line(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max + Lookahead));
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= max + Lookahead)
            {
                break;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                space = builder.Length > 0;
            }
            else if (!Rune.IsControl(rune) && !IsInvisibleFormat(rune))
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(rune.ToString());
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsInvisibleFormat(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format && rune.Value != 0x200D;

    private static string Clip(string line, int max)
    {
        if (line.Length <= max)
        {
            return line;
        }

        if (max <= Cut.Length)
        {
            return line[..max];
        }

        var keep = max - Cut.Length;
        if (char.IsHighSurrogate(line[keep - 1]))
        {
            keep--;
        }

        return string.Concat(line.AsSpan(0, keep), Cut);
    }

    // Ten digits as 2+2+2+4 (6+4 is the same with empty separators), each separator at most one
    // of space, dot, hyphen, dashes, minus or slash (also full-width), with a space either side.
    [GeneratedRegex(@"(?<!\d)\d{2}(?: ?[\-./\u2010-\u2015\u2212\uFF0D\uFF0E\uFF0F]? ?)\d{2}(?: ?[\-./\u2010-\u2015\u2212\uFF0D\uFF0E\uFF0F]? ?)\d{2}(?: ?[\-./\u2010-\u2015\u2212\uFF0D\uFF0E\uFF0F]? ?)\d{4}(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CprShaped();
}
