using System.Text;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// Collects every problem of one request by camelCase field path, so that the caller learns all of
/// them at once. Messages never repeat a free-text value: it might be a CPR number or a name that
/// landed in the wrong field, and the messages end up in logs and problem responses.
/// </summary>
internal sealed class ValidationErrors
{
    /// <summary>The longest free text accepted (names, addresses, drug, dose, condition).</summary>
    public const int MaxTextLength = 200;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True once any problem has been added.</summary>
    public bool Any => _errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>
    /// The text with whitespace runs (line breaks included) collapsed to one space and trimmed —
    /// it ends up on one line of an SMS — or null, having named the problem, when it is missing,
    /// blank or longer than <paramref name="maxLength"/>.
    /// </summary>
    public string? RequiredText(string path, string? value, int maxLength = MaxTextLength)
    {
        var text = Collapse(value);
        if (text.Length == 0)
        {
            Add(path, "Required.");
            return null;
        }

        return CheckLength(path, text, maxLength);
    }

    /// <summary>Like <see cref="RequiredText"/>, but a missing or blank text is null without a problem.</summary>
    public string? OptionalText(string path, string? value, int maxLength = MaxTextLength)
    {
        var text = Collapse(value);
        return text.Length == 0 ? null : CheckLength(path, text, maxLength);
    }

    /// <summary>The problems so far, in the order the fields were checked.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);

    private string? CheckLength(string path, string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        Add(path, $"Must be at most {maxLength} characters; got {text.Length}.");
        return null;
    }

    private static string Collapse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(builder.Length == 0 ? "" : " ").Append(word);
        }

        return builder.ToString();
    }
}
