using System.Globalization;
using System.Text;

namespace HaH.Orchestration.Functions.Storage;

/// <summary>
/// Makes a phone number or message id safe as a table key. Azure Tables refuses <c>/ \ # ?</c> and
/// control characters in keys; each of those, and the escape character <c>%</c> itself, becomes
/// <c>%XXXX</c> (its UTF-16 code unit in hex). Everything else is kept, so keys stay readable in
/// Storage Explorer (<c>+4520000001</c> is a key as it is).
/// </summary>
internal static class TableKey
{
    /// <summary>A key may be 1 KiB; ids longer than this are a caller's bug, not data.</summary>
    public const int MaxLength = 512;

    private const char Escape = '%';

    public static string Encode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or Escape || char.IsControl(c))
            {
                builder.Append(Escape).Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Length <= MaxLength
            ? builder.ToString()
            : throw new ArgumentException($"'{value[..Math.Min(value.Length, 40)]}…' is too long for a table key: {builder.Length} characters escaped, at most {MaxLength}.", nameof(value));
    }
}
