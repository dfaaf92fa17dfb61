using System.ComponentModel.DataAnnotations;
using EanNumbers = HaH.Orchestration.Functions.Admissions.Planning.EanNumber;
using PhoneNumber = HaH.Orchestration.Functions.Admissions.Planning.PhoneNumber;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// The eHospital as the sender of the discharge letter (section <c>EHospital</c>): its name, SOR
/// code and EAN location number, by which MedCom's network addresses it and the GP's system answers
/// it, and the phone the GP calls with questions about the letter. The defaults are sample values
/// for local runs; a deployment sets its own. Validated on start: a letter with a wrong sender
/// would be refused by the receiver, or worse, answered to someone else.
/// </summary>
internal sealed class EHospitalOptions : IValidatableObject
{
    public const string Section = "EHospital";

    /// <summary>The name the GP sees as sender. Default: the sample "eHospital (lokal prøve)".</summary>
    public string Name { get; set; } = "eHospital (lokal prøve)";

    /// <summary>The eHospital's SOR code (Sundhedsvæsenets Organisationsregister), 1–16 digits. Default: the sample 123456789012340.</summary>
    public string SorCode { get; set; } = "123456789012340";

    /// <summary>The eHospital's EAN (GLN) location number, 13 digits. Default: the sample 5790000000012.</summary>
    public string EanNumber { get; set; } = "5790000000012";

    /// <summary>The phone for the GP's questions about a letter, in E.164. Default: the sample +4570000000.</summary>
    public string Phone { get; set; } = "+4570000000";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            yield return new ValidationResult($"{Section}:Name must be the eHospital's name as the GP should see it (1–200 characters).", [nameof(Name)]);
        }

        if (string.IsNullOrEmpty(SorCode) || SorCode.Length > 16 || !SorCode.All(char.IsAsciiDigit))
        {
            yield return new ValidationResult($"{Section}:SorCode '{SorCode}' is not a SOR code (1–16 digits, e.g. 123456789012340).", [nameof(SorCode)]);
        }

        if (!EanNumbers.IsValid(EanNumber ?? ""))
        {
            yield return new ValidationResult($"{Section}:EanNumber '{EanNumber}' is not an EAN location number (13 digits, e.g. 5790000000012).", [nameof(EanNumber)]);
        }

        if (!PhoneNumber.IsValid(Phone ?? ""))
        {
            yield return new ValidationResult($"{Section}:Phone '{Phone}' is not a phone number in E.164 (e.g. +4570000000).", [nameof(Phone)]);
        }
    }
}
