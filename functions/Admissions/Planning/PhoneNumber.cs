namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>Phone numbers as SMS needs them: E.164, with Danish numbers checked for length.</summary>
internal static class PhoneNumber
{
    /// <summary>
    /// '+', a country code that does not start with 0, 8–15 digits in all, no spaces; a Danish
    /// number (+45) has exactly 8 digits after the country code. Country codes are prefix-free, so
    /// "+45" always means Denmark.
    /// </summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasOnlyDigitsAfterPlus = text.Length >= 2 && text[0] == '+' && !text.AsSpan(1).ContainsAnyExceptInRange('0', '9');
        if (!hasOnlyDigitsAfterPlus || text[1] == '0')
        {
            return false;
        }

        var digits = text.Length - 1;
        return text.StartsWith("+45", StringComparison.Ordinal) ? digits == 10 : digits is >= 8 and <= 15;
    }
}
