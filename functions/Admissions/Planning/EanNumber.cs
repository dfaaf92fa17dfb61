namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>The GS1 location number (EAN-13) that addresses a GP's practice in MedCom messages.</summary>
internal static class EanNumber
{
    /// <summary>True for exactly 13 digits whose last is the GS1 check digit of the first 12.</summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 13 && text.All(char.IsAsciiDigit) && text[12] - '0' == CheckDigit(text.AsSpan(0, 12));
    }

    /// <summary>
    /// The GS1 check digit: weights 3 and 1 alternate from the rightmost digit leftwards (3 on the
    /// rightmost); the check digit brings the weighted sum up to a multiple of 10.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var weight = (digits.Length - i) % 2 == 1 ? 3 : 1;
            sum += (digits[i] - '0') * weight;
        }

        return (10 - (sum % 10)) % 10;
    }
}
