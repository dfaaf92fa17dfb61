using System.Text;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// The human-readable narrative every resource of a MedCom message carries (MedCom: "the narrative
/// text SHALL always be included"), generated from the same values as the resource's data, in
/// Danish: a heading, one line per fact, and for the letter its text with its line breaks. Built
/// as XML, so that names and free text are escaped; characters XML cannot hold (control
/// characters) are left out of the narrative — the data keeps them, and validation names them.
/// </summary>
internal static class Narratives
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>A generated narrative: <paramref name="heading"/>, then each fact that has a value.</summary>
    public static Narrative Generated(string heading, params (string Label, string? Value)[] facts) => Generated(heading, facts, text: null);

    /// <summary>As <see cref="Generated(string, ValueTuple{string, string}[])"/>, followed by <paramref name="text"/> line by line.</summary>
    public static Narrative Generated(string heading, IEnumerable<(string Label, string? Value)> facts, string? text)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var div = new XElement(Xhtml + "div", new XElement(Xhtml + "p", new XElement(Xhtml + "b", Xml(heading))));
        foreach (var (label, value) in facts.Where(fact => !string.IsNullOrWhiteSpace(fact.Value)))
        {
            div.Add(new XElement(Xhtml + "p", new XElement(Xhtml + "b", Xml(label) + ":"), " " + Xml(value!)));
        }

        if (!string.IsNullOrEmpty(text))
        {
            // One paragraph, the letter's lines kept apart by <br/> (an empty line stays visible as a break).
            var paragraph = new XElement(Xhtml + "p");
            var lines = text.TrimEnd('\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    paragraph.Add(new XElement(Xhtml + "br"));
                }

                paragraph.Add(Xml(lines[i]));
            }

            div.Add(paragraph);
        }

        return new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = div.ToString(SaveOptions.DisableFormatting) };
    }

    private static string Xml(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }
}
