namespace HaH.Orchestration.Functions.Storage;

/// <summary>
/// Names of the app's own tables and queues, prefixed by the task hub name like the runtime's, so
/// that several hubs (and every test) share one account without seeing each other's data.
/// </summary>
internal static class StorageNames
{
    // The runtime's rule for hub names; the longest suffix here ("IntegrationOutbox", 17) keeps a
    // 45-character hub inside the 63 characters a table name may have.
    private const int MaxPrefixLength = 45;

    /// <summary>A table name: the prefix, then <paramref name="suffix"/> (letters), e.g. <c>hahSmsOutbox</c>.</summary>
    public static string Table(string prefix, string suffix) => Check(prefix) + suffix;

    /// <summary>A queue name: the prefix, a dash, then <paramref name="suffix"/> (lowercase), e.g. <c>hah-integration</c>.</summary>
    public static string Queue(string prefix, string suffix) => Check(prefix) + "-" + suffix;

    private static string Check(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var valid = prefix.Length is >= 3 and <= MaxPrefixLength
            && char.IsAsciiLetterLower(prefix[0])
            && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));
        return valid
            ? prefix
            : throw new ArgumentException(
                $"'{prefix}' cannot prefix table and queue names: expected the task hub name, 3–{MaxPrefixLength} characters, " +
                "a lowercase letter followed by lowercase letters or digits.",
                nameof(prefix));
    }
}
