using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

/// <summary>The start body of design/api.md (with a valid EAN check digit) and ways to spoil it.</summary>
internal static class Requests
{
    /// <summary>The validators' "now": two hours before the first dose.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-28T12:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);

    public const string Cpr = "0101801234";

    public static AdmissionRequest Valid { get; } = new()
    {
        AdmissionId = "ADM-2026-0001",
        Patient = new PatientRequest
        {
            Cpr = Cpr,
            Name = "Karen Jensen",
            Phone = "+4520000001",
            Address = "Algade 1, 4700 Næstved",
            Municipality = "Næstved",
        },
        Gp = new GpRequest { Name = "Lægerne Algade", EanNumber = "5790000123452", SorCode = "123456789012345", Phone = "+4555550000" },
        Condition = "Pneumoni",
        ResponsibleDoctor = "Anna Holm",
        Treatment = new TreatmentRequest
        {
            Drug = "Piperacillin/Tazobactam",
            Dose = "4 g",
            Route = "IV",
            AccessType = "PICC",
            TimesPerDay = 3,
            FirstDoseAt = "2026-03-28T14:00:00+01:00",
            DurationDays = 10,
            SuppliedDays = 7,
            Schedule = "interval",
        },
        CareTeam = new CareTeamRequest
        {
            HomeNursing = new ContactRequest { Name = "Hjemmesygeplejen Syd", Phone = "+4520000002" },
            MobileUnit = new ContactRequest { Name = "MBE Næstved", Phone = "+4520000003" },
        },
    };

    public static AdmissionRequest WithTreatment(Func<TreatmentRequest, TreatmentRequest> change) =>
        Valid with { Treatment = change(Valid.Treatment!) };

    public static AdmissionRequest WithPatient(Func<PatientRequest, PatientRequest> change) =>
        Valid with { Patient = change(Valid.Patient!) };

    public static AdmissionRequest WithGp(Func<GpRequest, GpRequest> change) => Valid with { Gp = change(Valid.Gp!) };

    /// <summary>A clock schedule at 06:00, 14:00 and 22:00, first dose 14:00.</summary>
    public static AdmissionRequest Clock(params string[] times) => WithTreatment(t => t with
    {
        Schedule = "clock",
        ClockTimes = times.Length == 0 ? ["06:00", "14:00", "22:00"] : times,
    });

    public static ValidationResult Validate(AdmissionRequest? request) => AdmissionValidator.Validate(request, Now, Grace);

    public static AdmissionPlan Plan(AdmissionRequest request)
    {
        var result = Validate(request);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return result.Plan;
    }

    /// <summary>Asserts the request is invalid with a problem at exactly the given path (others may exist).</summary>
    public static string[] Problems(AdmissionRequest request, string path)
    {
        var result = Validate(request);
        Assert.False(result.IsValid);
        Assert.True(result.Errors.ContainsKey(path), $"Expected a problem at '{path}'; got {string.Join(", ", result.Errors.Keys)}.");
        return result.Errors[path];
    }

    /// <summary>Asserts the only problem is at the given path.</summary>
    public static void OnlyProblem(AdmissionRequest request, string path)
    {
        var result = Validate(request);
        Assert.False(result.IsValid);
        Assert.Equal(path, Assert.Single(result.Errors.Keys));
    }

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
