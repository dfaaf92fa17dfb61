using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>
/// A piece of HTML. Build it with <see cref="Of"/> and an interpolated string: the literal parts
/// are markup, every hole is HTML-encoded unless it already is <see cref="Html"/> (or a sequence of
/// it), so text from storage or a request can never become markup by accident.
/// </summary>
internal readonly record struct Html(string Value)
{
    public static Html Empty { get; } = new("");

    public static Html Of(ref HtmlBuilder builder) => builder.ToHtml();

    /// <summary>Markup that is trusted as it is (a constant, or something built by <see cref="Of"/>).</summary>
    public static Html Raw(string markup) => new(markup);

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(part => part.Value)));

    public static Html When(bool condition, Html html) => condition ? html : Empty;

    public override string ToString() => Value ?? "";
}

/// <summary>The interpolated string handler behind <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlBuilder
{
    private readonly StringBuilder _text;

    public HtmlBuilder(int literalLength, int formattedCount)
    {
        _text = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string markup) => _text.Append(markup);

    public readonly void AppendFormatted(Html html) => _text.Append(html.Value);

    public readonly void AppendFormatted(IEnumerable<Html> parts)
    {
        foreach (var part in parts)
        {
            _text.Append(part.Value);
        }
    }

    /// <summary>
    /// Text, encoded for element content and quoted attribute values alike: the five characters that
    /// can end either (&amp; &lt; &gt; " ') become references; everything else, Danish letters and
    /// phone numbers' '+' included, stays as it is (the page is UTF-8).
    /// </summary>
    public readonly void AppendFormatted(string? text)
    {
        foreach (var c in text ?? "")
        {
            _ = c switch
            {
                '&' => _text.Append("&amp;"),
                '<' => _text.Append("&lt;"),
                '>' => _text.Append("&gt;"),
                '"' => _text.Append("&quot;"),
                '\'' => _text.Append("&#39;"),
                _ => _text.Append(c),
            };
        }
    }

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        // Lists and arrays of Html bind here rather than to the IEnumerable<Html> overload.
        switch (value)
        {
            case Html html:
                AppendFormatted(html);
                break;
            case IEnumerable<Html> parts:
                AppendFormatted(parts);
                break;
            case IFormattable formattable:
                AppendFormatted(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            default:
                AppendFormatted(value?.ToString());
                break;
        }
    }

    public readonly Html ToHtml() => new(_text.ToString());
}
