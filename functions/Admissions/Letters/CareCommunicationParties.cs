using HaH.Orchestration.Functions.Admissions.Planning;
using Hl7.Fhir.Model;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// The parties of the discharge letter as MedCom profiles them: the two messaging organisations
/// (sender and receiver, each with its SOR code and EAN location number), the patient (CPR number
/// and official name) and the responsible doctor who signs it (a Practitioner with a
/// PractitionerRole in the eHospital).
/// </summary>
internal static class CareCommunicationParties
{
    /// <summary>An organisation MedCom's network addresses: SOR code and EAN (GLN) location number.</summary>
    public static Organization Organization(Guid id, string role, string name, string sorCode, string eanNumber) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.Organization] },
        Text = Narratives.Generated($"{role}: {name}", ("SOR-kode", sorCode), ("EAN-lokationsnummer", eanNumber)),
        Identifier =
        [
            new Identifier(MedCom.Identifiers.Sor, sorCode),
            new Identifier(MedCom.Identifiers.Ean, eanNumber),
        ],
        Name = name,
    };

    /// <summary>The patient by CPR number and official name.</summary>
    public static Patient Patient(Guid id, string name, string cpr) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.Patient] },
        Text = Narratives.Generated($"Patient: {name}", ("CPR-nummer", CprNumber.Format(cpr))),
        Identifier = [new Identifier(MedCom.Identifiers.Cpr, cpr)],
        Name = [OfficialName(name)],
    };

    /// <summary>The responsible eHospital doctor, by name.</summary>
    public static Practitioner Doctor(Guid id, string name) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.Practitioner] },
        Text = Narratives.Generated($"Læge: {name}"),
        Identifier = [new Identifier(MedCom.Identifiers.Uri, NameBasedUuid.Urn(id))],
        Name = [OfficialName(name)],
    };

    /// <summary>
    /// The doctor's role in the eHospital. Its code is text only: the input does not say the
    /// doctor's title (overlæge, afdelingslæge …), and MedCom wants a coded role or a text, not both.
    /// </summary>
    public static PractitionerRole DoctorRole(Guid id, Guid doctor, Guid organization, string doctorName, string organizationName) => new()
    {
        Id = id.ToString("D"),
        Meta = new Meta { Profile = [MedCom.Profiles.PractitionerRole] },
        Text = Narratives.Generated($"Ansvarlig læge: {doctorName}", ("Rolle", ResponsibleDoctorRole), ("Organisation", organizationName)),
        Identifier = [new Identifier(MedCom.Identifiers.Uri, NameBasedUuid.Urn(id))],
        Practitioner = new ResourceReference(NameBasedUuid.Urn(doctor)),
        Organization = new ResourceReference(NameBasedUuid.Urn(organization)),
        Code = [new CodeableConcept { Text = ResponsibleDoctorRole }],
    };

    /// <summary>What the role says.</summary>
    public const string ResponsibleDoctorRole = "Ansvarlig læge i eHospital";

    /// <summary>
    /// An official name from one line: the last word is the family name (efternavn), the words
    /// before it the given names — how a Danish name is written. The whole line is kept as text.
    /// </summary>
    private static HumanName OfficialName(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0
            ? new HumanName { Use = HumanName.NameUse.Official } // no name: MedCom's rules reject the letter
            : new HumanName
            {
                Use = HumanName.NameUse.Official,
                Text = string.Join(' ', words),
                Family = words[^1],
                Given = words[..^1],
            };
    }
}
