using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// The Danish personal identification number: DDMMYY, then four digits whose first (the seventh
/// digit) fixes the century of the birth year. No modulus-11 check: CPR numbers issued since 2007
/// need not satisfy it.
/// </summary>
internal static class CprNumber
{
    /// <summary>
    /// The 10 digits of "DDMMYYSSSS" or "DDMMYY-SSSS"; null for any other shape.
    /// </summary>
    public static string? Digits(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.Length == 11 && text[6] == '-' ? string.Concat(text.AsSpan(0, 6), text.AsSpan(7)) : text;
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The birth date the 10 digits encode, or null when it is not a calendar date.</summary>
    public static LocalDate? BirthDate(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var day = Number(digits, 0);
        var month = Number(digits, 2);
        var year = Century(digits[6] - '0', Number(digits, 4)) + Number(digits, 4);
        if (month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return null;
        }

        return new LocalDate(year, month, day);
    }

    /// <summary>"DDMMYY-SSSS", the form a letter prints.</summary>
    public static string Format(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.Length == 10 ? $"{digits[..6]}-{digits[6..]}" : digits;
    }

    // The CPR office's table: the seventh digit and the two-digit year give the century.
    //   0–3: 1900–1999
    //   4, 9: 00–36 → 2000–2036, 37–99 → 1937–1999
    //   5–8: 00–57 → 2000–2057, 58–99 → 1858–1899
    private static int Century(int seventh, int yy) => seventh switch
    {
        <= 3 => 1900,
        4 or 9 => yy <= 36 ? 2000 : 1900,
        _ => yy <= 57 ? 2000 : 1800,
    };

    private static int Number(string digits, int start) => ((digits[start] - '0') * 10) + (digits[start + 1] - '0');
}
