namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>The GS1 location number (EAN-13) that addresses a GP's practice in MedCom messages.</summary>
internal static class EanNumber
{
    /// <summary>
    /// True for exactly 13 digits. The GS1 check digit is not enforced: the documented example of
    /// the HTTP contract (api.md) does not carry a valid one, and integrators copy it.
    /// </summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 13 && text.All(char.IsAsciiDigit);
    }
}
