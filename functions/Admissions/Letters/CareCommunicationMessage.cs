using System.Globalization;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using Hl7.Fhir.Model;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// The discharge letter as a MedCom CareCommunication message (FHIR R4): a <c>Bundle</c> of type
/// <c>message</c> holding the <c>MessageHeader</c> (event <c>care-communication-message</c>, the
/// eHospital as sender, the GP's practice as primary receiver), the <c>Patient</c>, the
/// <c>Communication</c> (category <c>discharge</c>, the letter as its one text payload, signed by the
/// responsible doctor), the doctor's <c>PractitionerRole</c> and <c>Practitioner</c>, both
/// <c>Organization</c>s and the <c>Provenance</c> (activity <c>new-message</c>). Every resource
/// carries its MedCom profile and a generated narrative; entries are addressed by <c>urn:uuid:</c>.
/// </summary>
/// <remarks>
/// Deterministic: every id is a name-based UUID of the message id and every time is the message's
/// time, so a retry builds the same message, byte for byte, and a receiver de-duplicates it by the
/// MessageHeader's id as well as by the transport's message id.
/// </remarks>
internal static class CareCommunicationMessage
{
    public static Bundle Build(DischargeLetterRequest letter, EHospitalOptions sender, string messageId, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);

        // Danish local time to the second, as MedCom's examples write it ("2026-03-04T12:00:00+01:00").
        var at = DanishTime.Normalise(new DateTimeOffset(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset));
        var summary = letter.Summary;
        var id = (string part) => NameBasedUuid.Create(NameBasedUuid.LetterNamespace, $"{messageId}/{part}");
        var (headerId, patientId, communicationId, roleId, doctorId, senderId, receiverId, provenanceId, payloadId) = (
            id("MessageHeader"), id("Patient"), id("Communication"), id("PractitionerRole"), id("Practitioner"),
            id("Organization/sender"), id("Organization/receiver"), id("Provenance"), id("payload/1"));

        (Guid Id, Resource Resource)[] entries =
        [
            (headerId, Header(headerId, senderId, receiverId, communicationId, sender, letter.Recipient)),
            (patientId, CareCommunicationParties.Patient(patientId, summary.PatientName, summary.PatientCpr)),
            (communicationId, Communication(communicationId, patientId, roleId, senderId, payloadId, letter, sender, at)),
            (roleId, CareCommunicationParties.DoctorRole(roleId, doctorId, senderId, summary.ResponsibleDoctor, sender.Name)),
            (doctorId, CareCommunicationParties.Doctor(doctorId, summary.ResponsibleDoctor)),
            (senderId, CareCommunicationParties.Organization(senderId, "Afsender", sender.Name, sender.SorCode, sender.EanNumber)),
            (receiverId, CareCommunicationParties.Organization(receiverId, "Modtager", letter.Recipient.Name, letter.Recipient.SorCode, letter.Recipient.EanNumber)),
            (provenanceId, ProvenanceOf(provenanceId, headerId, senderId, payloadId, sender.Name, at)),
        ];

        return new Bundle
        {
            Id = id("Bundle").ToString("D"),
            Meta = new Meta { Profile = [MedCom.Profiles.Message] },
            Type = Bundle.BundleType.Message,
            Timestamp = at,
            Entry = [.. entries.Select(entry => new Bundle.EntryComponent { FullUrl = NameBasedUuid.Urn(entry.Id), Resource = entry.Resource })],
        };
    }

    private static MessageHeader Header(Guid id, Guid sender, Guid receiver, Guid communication, EHospitalOptions from, LetterRecipient to) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.MessageHeader] },
        Text = Narratives.Generated(
            "Korrespondancemeddelelse (care-communication-message)",
            ("Besked-id", id.ToString("D")),
            ("Afsender", $"{from.Name} (SOR {from.SorCode}, EAN {from.EanNumber})"),
            ("Modtager", $"{to.Name} (SOR {to.SorCode}, EAN {to.EanNumber}), primær modtager"),
            ("Modtagers endpoint", MedCom.SorEndpoint(to.SorCode)),
            ("Afsenders endpoint", MedCom.SorEndpoint(from.SorCode))),
        Event = new Coding(MedCom.Codes.EventSystem, MedCom.Codes.CareCommunicationEvent),
        Destination =
        [
            new MessageHeader.MessageDestinationComponent
            {
                Extension = [new Extension(MedCom.Extensions.DestinationUse, new Coding(MedCom.Codes.DestinationUseSystem, MedCom.Codes.PrimaryDestination))],
                Endpoint = MedCom.SorEndpoint(to.SorCode),
                Receiver = new ResourceReference(NameBasedUuid.Urn(receiver)),
            },
        ],
        Sender = new ResourceReference(NameBasedUuid.Urn(sender)),
        Source = new MessageHeader.MessageSourceComponent { Name = from.Name, Endpoint = MedCom.SorEndpoint(from.SorCode) },
        Focus = [new ResourceReference(NameBasedUuid.Urn(communication))],
        Definition = MedCom.MessageDefinition,
    };

    private static Communication Communication(Guid id, Guid patient, Guid role, Guid sender, Guid payload, DischargeLetterRequest letter, EHospitalOptions from, DateTimeOffset at) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.Communication] },
        Text = Narratives.Generated(
            "Udskrivningsbrev (kategori: discharge)",
            [
                ("Emne", letter.Subject),
                ("Patient", $"{letter.Summary.PatientName}, CPR {CprNumber.Format(letter.Summary.PatientCpr)}"),
                ("Afsender", $"{letter.Summary.ResponsibleDoctor}, {CareCommunicationParties.ResponsibleDoctorRole}"),
                ("Skrevet", DanishFormat.DateTime(at)),
                ("Telefon", from.Phone),
                ("Status", "unknown"),
            ],
            letter.Text),
        Extension = [new Extension(MedCom.Extensions.Sender, new ResourceReference(NameBasedUuid.Urn(role)))],
        Identifier = [new Identifier(MedCom.Identifiers.Uri, NameBasedUuid.Urn(id))],
        // MedCom fixes the status of a CareCommunication to "unknown".
        Status = EventStatus.Unknown,
        Category = [new CodeableConcept(MedCom.Codes.CategorySystem, MedCom.Codes.DischargeCategory, "Discharge")],
        Subject = new ResourceReference(NameBasedUuid.Urn(patient)),
        Topic = new CodeableConcept { Text = letter.Subject },
        Payload =
        [
            new Communication.PayloadComponent
            {
                Extension =
                [
                    new Extension(MedCom.Extensions.PayloadDate, new FhirDateTime(at)),
                    new Extension(MedCom.Extensions.PayloadIdentifier, new Identifier(MedCom.Identifiers.Uri, NameBasedUuid.Urn(payload)) { Assigner = new ResourceReference(NameBasedUuid.Urn(sender)) }),
                    new Extension(MedCom.Extensions.PayloadAuthor, new ResourceReference(NameBasedUuid.Urn(role))),
                    new Extension(MedCom.Extensions.PayloadAuthorContact, new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, from.Phone)),
                ],
                Content = new FhirString(letter.Text),
            },
        ],
    };

    private static Provenance ProvenanceOf(Guid id, Guid header, Guid sender, Guid payload, string senderName, DateTimeOffset at) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.Provenance] },
        Text = Narratives.Generated(
            "Proveniens: ny besked (new-message)",
            ("Besked", header.ToString("D")),
            ("Udført af", senderName),
            ("Tidspunkt", at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))),
        Target = [new ResourceReference(NameBasedUuid.Urn(header))],
        Occurred = new FhirDateTime(at),
        Recorded = at,
        Activity = new CodeableConcept(MedCom.Codes.ActivitySystem, MedCom.Codes.NewMessage),
        Agent = [new Provenance.AgentComponent { Who = new ResourceReference(NameBasedUuid.Urn(sender)) }],
        Entity =
        [
            new Provenance.EntityComponent
            {
                Role = Provenance.ProvenanceEntityRole.Source,
                What = new ResourceReference { Identifier = new Identifier(MedCom.Identifiers.Uri, NameBasedUuid.Urn(payload)) },
            },
        ],
    };
}
