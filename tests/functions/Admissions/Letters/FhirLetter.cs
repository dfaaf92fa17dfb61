using System.Text.Json;
using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Integration;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>A discharge letter as a FHIR message, read back for tests: its resources found as a receiver would find them.</summary>
internal sealed class FhirLetter(Bundle bundle)
{
    private static readonly BaseFhirJsonDeserializer Parser = new(ModelInfo.ModelInspector);

    public Bundle Bundle { get; } = bundle;

    /// <summary>Parses FHIR JSON strictly (an unknown or misspelt element fails).</summary>
    public static FhirLetter Parse(string json) => new(Parser.Deserialize<Bundle>(json));

    public static FhirLetter From(JsonElement json) => Parse(json.GetRawText());

    /// <summary>The letter in an outbox row (its body kept in Development).</summary>
    public static FhirLetter From(PublishedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Assert.Equal(DischargeLetterFormatter.FhirJson, message.DataContentType);
        return From(message.Body ?? throw new InvalidOperationException($"The outbox keeps no body of {message.Id}."));
    }

    public MessageHeader Header => (MessageHeader)Bundle.Entry[0].Resource!;

    public Communication Communication => Single<Communication>();

    public Patient Patient => Single<Patient>();

    public Provenance Provenance => Single<Provenance>();

    public Organization Sender => Resolve<Organization>(Header.Sender);

    public Organization Receiver => Resolve<Organization>(Header.Destination.Single().Receiver);

    /// <summary>The letter's text: the Communication's one text payload.</summary>
    public string Text => ((FhirString)Communication.Payload.Single().Content).Value ?? "";

    public T Single<T>()
        where T : Resource => Bundle.Entry.Select(entry => entry.Resource).OfType<T>().Single();

    public T Resolve<T>(ResourceReference? reference)
        where T : Resource => (T)Bundle.Entry.Single(entry => entry.FullUrl == reference?.Reference).Resource!;

    /// <summary>Every reference in every resource of the message.</summary>
    public IReadOnlyList<ResourceReference> References() => [.. Bundle.Entry.SelectMany(entry => Descendants(entry.Resource!)).OfType<ResourceReference>()];

    private static IEnumerable<Base> Descendants(Base element) =>
        element.EnumerateElements()
            .SelectMany(pair => pair.Value switch { Base child => [child], IEnumerable<Base> children => children, _ => [] })
            .SelectMany(child => (IEnumerable<Base>)[child, .. Descendants(child)]);

    public static string? IdentifierOf(IEnumerable<Identifier> identifiers, string system) => identifiers.SingleOrDefault(id => id.System == system)?.Value;
}
