namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>Initials, the only form of a patient's name that SMS and views show.</summary>
internal static class Initials
{
    /// <summary>
    /// The first letter of the first name and of the last name, upper case, Danish letters kept:
    /// "Karen Jensen" → "KJ", "Søren Ærø-Ågård" → "SÆ". A hyphenated last name counts by its
    /// first part; middle names are left out; a single name gives one letter.
    /// </summary>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(FirstLetter)
            .Where(letter => letter is not null)
            .ToList();
        return words.Count switch
        {
            0 => "",
            1 => $"{words[0]}",
            _ => $"{words[0]}{words[^1]}",
        };
    }

    // Leading punctuation is skipped ("(Karen)"); a hyphenated name's first letter is its first
    // part's, so "Ærø-Ågård" gives Æ.
    private static char? FirstLetter(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                return char.ToUpperInvariant(c);
            }
        }

        return null;
    }
}
