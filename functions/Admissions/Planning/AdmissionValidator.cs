namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// Turns a start request into an <see cref="AdmissionPlan"/>, or names every problem at once.
/// Pure: the time is passed in (it may be the virtual clock), nothing is read or written.
/// </summary>
/// <remarks>
/// Required: every field of the start body except <c>patient.phone</c> (the discharge SMS is sent
/// only "if a phone is known"), <c>gp.phone</c> (the letter goes by EAN/SOR), <c>suppliedDays</c>
/// (7), <c>schedule</c> ("interval") and <c>clockTimes</c> (only with "clock"); and exactly one of
/// <c>durationDays</c> and <c>endDate</c>.
/// </remarks>
internal static class AdmissionValidator
{
    /// <summary>The longest admission id; it is also the orchestration instance id.</summary>
    public const int MaxAdmissionIdLength = 64;

    /// <param name="request">The deserialised body; null when there was none.</param>
    /// <param name="now">The current time, from the host's clock.</param>
    /// <param name="firstDoseGrace">How far in the past the first dose may be (it may have just been given).</param>
    public static ValidationResult Validate(AdmissionRequest? request, DateTimeOffset now, TimeSpan firstDoseGrace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstDoseGrace, TimeSpan.Zero);
        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("$", "A JSON body with the admission is required.");
            return ValidationResult.Invalid(errors.ToDictionary());
        }

        var id = AdmissionId(errors, request.AdmissionId);
        var patient = Patient(errors, request.Patient, now);
        var gp = Gp(errors, request.Gp);
        var condition = errors.RequiredText("condition", request.Condition);
        var doctor = errors.RequiredText("responsibleDoctor", request.ResponsibleDoctor);
        var treatment = TreatmentValidator.Validate(errors, request.Treatment, now, firstDoseGrace);
        var careTeam = CareTeam(errors, request.CareTeam);

        // Each part is null only after it has named its problem, so "no errors" implies all parts.
        if (errors.Any || id is null || patient is null || gp is null || condition is null || doctor is null
            || treatment is null || careTeam is null)
        {
            return ValidationResult.Invalid(errors.ToDictionary());
        }

        return ValidationResult.Valid(new AdmissionPlan(id, patient, gp, condition, doctor, treatment, careTeam));
    }

    /// <summary>True for 1–<see cref="MaxAdmissionIdLength"/> characters of A–Z, a–z, 0–9, '-' and '_'.</summary>
    public static bool IsWellFormedId(string id) =>
        id is { Length: > 0 and <= MaxAdmissionIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string? AdmissionId(ValidationErrors errors, string? value)
    {
        const string path = "admissionId";
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(path, "Required.");
            return null;
        }

        if (!IsWellFormedId(value))
        {
            errors.Add(path, $"Must be 1–{MaxAdmissionIdLength} characters of A–Z, a–z, 0–9, '-' and '_' (it becomes part of URLs and storage keys).");
            return null;
        }

        return value;
    }

    private static PatientDetails? Patient(ValidationErrors errors, PatientRequest? patient, DateTimeOffset now)
    {
        if (patient is null)
        {
            errors.Add("patient", "Required.");
            return null;
        }

        var cpr = Cpr(errors, patient.Cpr, now);
        var name = errors.RequiredText("patient.name", patient.Name);
        if (name is not null && Initials.Of(name).Length == 0)
        {
            errors.Add("patient.name", "Must contain letters: the patient's initials are taken from it.");
            name = null;
        }

        var phone = Phone(errors, "patient.phone", patient.Phone, required: false);
        var address = errors.RequiredText("patient.address", patient.Address);
        var municipality = errors.RequiredText("patient.municipality", patient.Municipality);
        return cpr is null || name is null || address is null || municipality is null
            ? null
            : new PatientDetails(cpr, name, phone, address, municipality);
    }

    // No message here may contain the number itself.
    private static string? Cpr(ValidationErrors errors, string? value, DateTimeOffset now)
    {
        const string path = "patient.cpr";
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, "Required.");
            return null;
        }

        var digits = CprNumber.Digits(value.Trim());
        if (digits is null)
        {
            errors.Add(path, "Must be 10 digits, optionally with a hyphen after the sixth (DDMMYY-SSSS).");
            return null;
        }

        var birthDate = CprNumber.BirthDate(digits);
        if (birthDate is null)
        {
            errors.Add(path, "The first six digits are not a real date (DDMMYY, century from the seventh digit).");
            return null;
        }

        if (birthDate > DanishTime.DateOf(now))
        {
            errors.Add(path, "The birth date it encodes is in the future.");
            return null;
        }

        return digits;
    }

    private static GpDetails? Gp(ValidationErrors errors, GpRequest? gp)
    {
        if (gp is null)
        {
            errors.Add("gp", "Required.");
            return null;
        }

        var name = errors.RequiredText("gp.name", gp.Name);
        var ean = errors.RequiredText("gp.eanNumber", gp.EanNumber);
        if (ean is not null && !EanNumber.IsValid(ean))
        {
            errors.Add("gp.eanNumber", "Must be a 13-digit EAN location number with a valid GS1 check digit (the last digit).");
            ean = null;
        }

        var sor = errors.RequiredText("gp.sorCode", gp.SorCode);
        if (sor is not null && (sor.Length > 16 || !sor.All(char.IsAsciiDigit)))
        {
            errors.Add("gp.sorCode", "Must be a SOR code: 1–16 digits.");
            sor = null;
        }

        var phone = Phone(errors, "gp.phone", gp.Phone, required: false);
        return name is null || ean is null || sor is null ? null : new GpDetails(name, ean, sor, phone);
    }

    private static CareTeam? CareTeam(ValidationErrors errors, CareTeamRequest? team)
    {
        if (team is null)
        {
            errors.Add("careTeam", "Required.");
            return null;
        }

        var homeNursing = Contact(errors, "careTeam.homeNursing", team.HomeNursing);
        var mobileUnit = Contact(errors, "careTeam.mobileUnit", team.MobileUnit);
        return homeNursing is null || mobileUnit is null ? null : new CareTeam(homeNursing, mobileUnit);
    }

    private static CareContact? Contact(ValidationErrors errors, string path, ContactRequest? contact)
    {
        if (contact is null)
        {
            errors.Add(path, "Required.");
            return null;
        }

        var name = errors.RequiredText($"{path}.name", contact.Name);
        var phone = Phone(errors, $"{path}.phone", contact.Phone, required: true);
        return name is null || phone is null ? null : new CareContact(name, phone);
    }

    private static string? Phone(ValidationErrors errors, string path, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }

            return null;
        }

        var phone = value.Trim();
        if (!PhoneNumber.IsValid(phone))
        {
            errors.Add(path, "Must be an E.164 number: '+', country code and number, 8–15 digits, no spaces; Danish numbers are +45 and 8 digits, e.g. +4520000001.");
            return null;
        }

        return phone;
    }
}
