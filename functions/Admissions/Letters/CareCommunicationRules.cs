using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// What MedCom's CareCommunication requires of a discharge letter beyond the base FHIR
/// specification, checked on the built message (MedCom's profiles are not available offline, so
/// <see cref="FhirSpecificationValidator"/> cannot check them): the MessageHeader first, with the
/// care-communication event, the eHospital as sender and the GP as primary receiver; both
/// organisations identified by SOR code and EAN number; the patient by CPR number and an official
/// family name; the Communication with category discharge, the patient as subject and one text
/// payload with its date, identifier, author and author's phone; the Provenance of a new message;
/// MedCom's profile and a generated narrative on every resource; <c>urn:uuid:</c> entries and
/// references that resolve inside the bundle.
/// </summary>
/// <remarks>Each problem names the rule and where it applies, never a value: problems are logged and shown.</remarks>
internal static partial class CareCommunicationRules
{
    public static IReadOnlyList<string> Check(Bundle message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        var resources = message.Entry.Where(entry => entry.Resource is not null && entry.FullUrl is not null)
            .GroupBy(entry => entry.FullUrl!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Resource!, StringComparer.Ordinal);
        Resource? Resolve(ResourceReference? reference) => reference?.Reference is { } url && resources.TryGetValue(url, out var resource) ? resource : null;
        T? ResolveAs<T>(ResourceReference? reference)
            where T : Resource => Resolve(reference) as T;

        Require(problems, message.Type == Bundle.BundleType.Message, "the bundle's type is message");
        Require(problems, message.Meta?.Profile.Contains(MedCom.Profiles.Message) == true, $"the bundle claims the profile {MedCom.Profiles.Message}");
        Require(problems, message.Timestamp is not null, "the bundle has a timestamp");
        Require(problems, message.Entry.All(entry => entry.FullUrl is { } url && Uuid().IsMatch(url)), "every entry's fullUrl is a urn:uuid");
        Require(problems, message.Entry.Count == resources.Count, "every entry has a resource and its own fullUrl");

        CheckNarrativesAndProfiles(problems, message);
        var header = message.Entry.FirstOrDefault()?.Resource as MessageHeader;
        Require(problems, header is not null, "the first entry is the MessageHeader");
        Require(problems, message.Entry.Select(e => e.Resource).OfType<MessageHeader>().Count() == 1, "there is exactly one MessageHeader");
        if (header is not null)
        {
            var coding = header.Event as Coding;
            Require(problems, coding?.System == MedCom.Codes.EventSystem && coding.Code == MedCom.Codes.CareCommunicationEvent, $"the MessageHeader's event is {MedCom.Codes.CareCommunicationEvent} of {MedCom.Codes.EventSystem}");
            CheckOrganization(problems, "the MessageHeader's sender", ResolveAs<Organization>(header.Sender));
            Require(problems, header.Destination.Count == 1, "the MessageHeader has exactly one destination");
            foreach (var destination in header.Destination)
            {
                var use = destination.GetExtensionValue<Coding>(MedCom.Extensions.DestinationUse);
                Require(problems, use?.System == MedCom.Codes.DestinationUseSystem && use.Code == MedCom.Codes.PrimaryDestination, "the destination is marked as the primary receiver (destinationUse extension)");
                CheckOrganization(problems, "the MessageHeader's receiver", ResolveAs<Organization>(destination.Receiver));
            }

            Require(problems, header.Focus.Count == 1 && ResolveAs<Communication>(header.Focus[0]) is not null, "the MessageHeader's focus is the Communication");
        }

        var patients = message.Entry.Select(e => e.Resource).OfType<Patient>().ToList();
        Require(problems, patients.Count == 1, "there is exactly one Patient");
        foreach (var patient in patients)
        {
            Require(problems, patient.Identifier.Any(id => id.System == MedCom.Identifiers.Cpr && id.Value is { } cpr && TenDigits().IsMatch(cpr)), $"the Patient has a CPR number ({MedCom.Identifiers.Cpr}, 10 digits)");
            Require(problems, patient.Name.Any(name => name.Use == HumanName.NameUse.Official && !string.IsNullOrWhiteSpace(name.Family)), "the Patient has an official name with a family name");
        }

        var communication = message.Entry.Select(e => e.Resource).OfType<Communication>().SingleOrDefault();
        Require(problems, communication is not null, "there is exactly one Communication");
        if (communication is not null)
        {
            CheckCommunication(problems, communication, patients.SingleOrDefault(), Resolve, header is null ? null : ResolveAs<Organization>(header.Sender));
        }

        var provenance = message.Entry.Select(e => e.Resource).OfType<Provenance>().SingleOrDefault();
        Require(problems, provenance is not null, "there is exactly one Provenance");
        if (provenance is not null && header is not null)
        {
            Require(problems, provenance.Target.Count == 1 && ResolveAs<MessageHeader>(provenance.Target[0]) == header, "the Provenance's target is the MessageHeader");
            Require(problems, provenance.Activity?.Coding.Any(c => c.System == MedCom.Codes.ActivitySystem && c.Code == MedCom.Codes.NewMessage) == true, $"the Provenance's activity is {MedCom.Codes.NewMessage} of {MedCom.Codes.ActivitySystem}");
            Require(problems, provenance.Agent.Any(agent => ResolveAs<Organization>(agent.Who) is { } who && who == ResolveAs<Organization>(header.Sender)), "the Provenance's agent is the sender");
            var payloadId = communication?.Payload.FirstOrDefault()?.GetExtensionValue<Identifier>(MedCom.Extensions.PayloadIdentifier)?.Value;
            Require(problems, payloadId is not null && provenance.Entity.Any(entity => entity.What?.Identifier?.Value == payloadId), "the Provenance names the payload's identifier as its entity");
        }

        foreach (var reference in message.Entry.Select(e => e.Resource).OfType<Resource>().SelectMany(References))
        {
            Require(problems, reference.Reference is null || resources.ContainsKey(reference.Reference), "every reference resolves to an entry of the bundle");
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    private static void CheckCommunication(List<string> problems, Communication communication, Patient? patient, Func<ResourceReference?, Resource?> resolve, Organization? sender)
    {
        Require(problems, communication.Status == EventStatus.Unknown, "the Communication's status is unknown");
        Require(problems, communication.Identifier.Count == 1 && communication.Identifier[0].Value is { } value && Uuid().IsMatch(value), "the Communication has one urn:uuid identifier");
        Require(problems, communication.Category.Count == 1 && communication.Category[0].Coding.Any(c => c.System == MedCom.Codes.CategorySystem && c.Code == MedCom.Codes.DischargeCategory), $"the Communication's category is {MedCom.Codes.DischargeCategory} of {MedCom.Codes.CategorySystem}");
        Require(problems, communication.Priority is null, "the Communication has no priority (only allowed for regarding-referral)");
        Require(problems, patient is not null && resolve(communication.Subject) == patient, "the Communication's subject is the Patient");
        var texts = communication.Payload.Where(payload => payload.Content is FhirString).ToList();
        Require(problems, texts.Count == 1 && !string.IsNullOrWhiteSpace(((FhirString)texts[0].Content).Value), "the Communication has one text payload");
        foreach (var payload in texts)
        {
            Require(problems, payload.GetExtensionValue<FhirDateTime>(MedCom.Extensions.PayloadDate) is not null, "the payload has its date");
            var identifier = payload.GetExtensionValue<Identifier>(MedCom.Extensions.PayloadIdentifier);
            Require(problems, identifier?.Value is { } id && Uuid().IsMatch(id) && identifier.Assigner is not null, "the payload has a urn:uuid identifier assigned by the sender");
            var author = resolve(payload.GetExtensionValue<ResourceReference>(MedCom.Extensions.PayloadAuthor)) as PractitionerRole;
            Require(problems, author is not null && (author.Code.Any(c => c.Coding.Count > 0) ^ author.Code.Any(c => c.Text is not null)), "the payload's author is a PractitionerRole with a coded role or a role text");
            Require(problems, author is not null && sender is not null && resolve(author.Organization) == sender, "the payload's author belongs to the sender");
            Require(problems, author is not null && resolve(author.Practitioner) is Practitioner { Name.Count: > 0 }, "the payload's author names a Practitioner with a name");
            Require(problems, payload.GetExtensionValue<ContactPoint>(MedCom.Extensions.PayloadAuthorContact) is { System: ContactPoint.ContactPointSystem.Phone, Value: { } phone } && Phone().IsMatch(phone), "the payload has the author's phone");
        }
    }

    private static void CheckOrganization(List<string> problems, string role, Organization? organization)
    {
        Require(problems, organization is not null, $"{role} is an Organization of the bundle");
        if (organization is null)
        {
            return;
        }

        Require(problems, organization.Identifier.Any(id => id.System == MedCom.Identifiers.Sor && id.Value is { } sor && SorCode().IsMatch(sor)), $"{role} has a SOR code ({MedCom.Identifiers.Sor}, 1–16 digits)");
        Require(problems, organization.Identifier.Any(id => id.System == MedCom.Identifiers.Ean && id.Value is { } ean && EanNumber().IsMatch(ean)), $"{role} has an EAN location number ({MedCom.Identifiers.Ean}, 13 digits)");
        Require(problems, !string.IsNullOrWhiteSpace(organization.Name), $"{role} has a name");
    }

    private static void CheckNarrativesAndProfiles(List<string> problems, Bundle message)
    {
        foreach (var resource in message.Entry.Select(e => e.Resource).OfType<DomainResource>())
        {
            var type = resource.TypeName;
            Require(problems, resource.Text is { Status: Narrative.NarrativeStatus.Generated } text && !string.IsNullOrWhiteSpace(text.Div) && HasText().IsMatch(text.Div), $"the {type} has a generated narrative");
            Require(problems, ExpectedProfile(resource) is { } profile && resource.Meta?.Profile.Contains(profile) == true, $"the {type} claims its MedCom profile");
        }
    }

    private static string? ExpectedProfile(Resource resource) => resource switch
    {
        MessageHeader => MedCom.Profiles.MessageHeader,
        Communication => MedCom.Profiles.Communication,
        Provenance => MedCom.Profiles.Provenance,
        Organization => MedCom.Profiles.Organization,
        Patient => MedCom.Profiles.Patient,
        Practitioner => MedCom.Profiles.Practitioner,
        PractitionerRole => MedCom.Profiles.PractitionerRole,
        _ => null,
    };

    private static IEnumerable<ResourceReference> References(Base element) =>
        element.EnumerateElements()
            .SelectMany(pair => pair.Value switch { Base child => [child], IEnumerable<Base> children => children, _ => [] })
            .SelectMany(child => child is ResourceReference reference ? [reference, .. References(child)] : References(child));

    private static void Require(List<string> problems, bool holds, string rule)
    {
        if (!holds)
        {
            problems.Add("MedCom: " + rule);
        }
    }

    [GeneratedRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9]{10}$")]
    private static partial Regex TenDigits();

    [GeneratedRegex("^[0-9]{1,16}$")]
    private static partial Regex SorCode();

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex EanNumber();

    [GeneratedRegex(@"^\+?[0-9][-0-9 ]*$")]
    private static partial Regex Phone();

    // Some text between tags: a narrative of empty elements says nothing.
    [GeneratedRegex(@">[^<]*[^<\s][^<]*<")]
    private static partial Regex HasText();
}
