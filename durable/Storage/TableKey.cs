using System.Globalization;
using System.Text;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// Turns any string (an instance id, a message id) into a valid table key and back. Azure Tables
/// rejects <c>/ \ # ?</c> and control characters in keys; each of those, and the escape character
/// <c>~</c> itself, becomes <c>~XXXX</c> (the UTF-16 code unit in hex). Every other character is
/// kept, so keys stay readable, and the encoding of a prefix is a prefix of the encoding (so
/// instance-id prefix queries work on encoded keys).
/// </summary>
internal static class TableKey
{
    /// <summary>Azure's limit for a key is 1 KiB; keep well inside it.</summary>
    public const int MaxEncodedLength = 512;

    private const char Escape = '~';

    public static string Encode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (!value.Any(MustEscape))
        {
            return CheckLength(value, value);
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (MustEscape(c))
            {
                builder.Append(Escape).Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return CheckLength(value, builder.ToString());
    }

    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains(Escape, StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != Escape)
            {
                builder.Append(key[i]);
                continue;
            }

            if (i + 4 >= key.Length
                || !int.TryParse(key.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"The table key '{key}' has a malformed escape at position {i}: expected '~' and four hex digits.");
            }

            builder.Append((char)code);
            i += 4;
        }

        return builder.ToString();
    }

    /// <summary>The smallest string greater than every string that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixUpperBound(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] != char.MaxValue)
            {
                return string.Concat(prefix.AsSpan(0, i), ((char)(prefix[i] + 1)).ToString());
            }
        }

        throw new ArgumentException("A prefix made only of U+FFFF has no upper bound.", nameof(prefix));
    }

    private static bool MustEscape(char c) => c is '/' or '\\' or '#' or '?' or Escape || char.IsControl(c);

    private static string CheckLength(string value, string encoded) =>
        encoded.Length <= MaxEncodedLength
            ? encoded
            : throw new ArgumentException(
                $"The id '{value[..Math.Min(value.Length, 40)]}…' is too long to be a table key: {encoded.Length} characters encoded, at most {MaxEncodedLength}.",
                nameof(value));
}
