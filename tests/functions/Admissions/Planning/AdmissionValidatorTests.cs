using HaH.Orchestration.Functions.Admissions.Planning;
using static HaH.Orchestration.Functions.Tests.Admissions.Planning.Requests;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class AdmissionValidatorTests
{
    [Fact]
    public void Validate_ApiExample_IsValidAndNormalised()
    {
        var plan = Plan(Valid with { Patient = Valid.Patient! with { Cpr = "010180-1234", Name = "  Karen \n Jensen " } });

        Assert.Equal("ADM-2026-0001", plan.AdmissionId);
        Assert.Equal(Cpr, plan.Patient.Cpr);
        Assert.Equal("Karen Jensen", plan.Patient.Name);
        Assert.Equal("KJ", plan.PatientInitials);
        Assert.Equal("5790000123452", plan.Gp.EanNumber);
        Assert.Equal(ScheduleKind.Interval, plan.Treatment.Schedule);
        Assert.Equal(At("2026-03-28T14:00:00+01:00"), plan.Treatment.FirstDoseAt);
        Assert.Equal(TimeSpan.FromHours(1), plan.Treatment.FirstDoseAt.Offset);

        // 10 × 24 elapsed hours; the spring change makes it 15:00 local.
        Assert.Equal(At("2026-04-07T15:00:00+02:00"), plan.Treatment.EndsAt);
        Assert.Equal(TimeSpan.FromHours(2), plan.Treatment.EndsAt.Offset);
        Assert.Equal(10, plan.Treatment.DurationDays);
        Assert.Null(plan.Treatment.EndDate);
    }

    [Fact]
    public void Validate_NoBody_NamesTheBody()
    {
        var result = Validate(null);

        Assert.False(result.IsValid);
        Assert.Equal("$", Assert.Single(result.Errors.Keys));
    }

    [Fact]
    public void Validate_EmptyBody_NamesEveryTopLevelField()
    {
        var result = Validate(new AdmissionRequest());

        Assert.Equal(
            ["admissionId", "careTeam", "condition", "gp", "patient", "responsibleDoctor", "treatment"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_EmptyParts_NamesEveryRequiredNestedFieldButNotTheOptionalOnes()
    {
        var result = Validate(Valid with
        {
            Patient = new PatientRequest(),
            Gp = new GpRequest(),
            Treatment = new TreatmentRequest(),
            CareTeam = new CareTeamRequest { HomeNursing = new ContactRequest(), MobileUnit = new ContactRequest() },
        });

        Assert.Equal(
            [
                "careTeam.homeNursing.name", "careTeam.homeNursing.phone", "careTeam.mobileUnit.name", "careTeam.mobileUnit.phone",
                "gp.eanNumber", "gp.name", "gp.sorCode",
                "patient.address", "patient.cpr", "patient.municipality", "patient.name",
                "treatment.accessType", "treatment.dose", "treatment.drug", "treatment.durationDays", "treatment.endDate",
                "treatment.firstDoseAt", "treatment.route", "treatment.timesPerDay",
            ],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_OptionalPhonesAndDefaultsMissing_IsValidWithDefaults()
    {
        var plan = Plan(Valid with
        {
            Patient = Valid.Patient! with { Phone = null },
            Gp = Valid.Gp! with { Phone = " " },
            Treatment = Valid.Treatment! with { SuppliedDays = null, Schedule = null },
        });

        Assert.Null(plan.Patient.Phone);
        Assert.Null(plan.Gp.Phone);
        Assert.Equal(7, plan.Treatment.SuppliedDays);
        Assert.Equal(ScheduleKind.Interval, plan.Treatment.Schedule);
    }

    [Theory]
    [InlineData("ADM 1")]
    [InlineData("ADM/1")]
    [InlineData("ADM-æ")]
    [InlineData("A2345678901234567890123456789012345678901234567890123456789012345")]
    public void Validate_BadAdmissionId_IsNamed(string id) => OnlyProblem(Valid with { AdmissionId = id }, "admissionId");

    [Theory]
    [InlineData("a")]
    [InlineData("ADM_2026-01")]
    [InlineData("A234567890123456789012345678901234567890123456789012345678901234")]
    public void Validate_GoodAdmissionId_IsAccepted(string id) => Assert.Equal(id, Plan(Valid with { AdmissionId = id }).AdmissionId);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(-1)]
    public void Validate_TimesPerDayOutside1To4_IsNamed(int times) =>
        OnlyProblem(WithTreatment(t => t with { TimesPerDay = times }), "treatment.timesPerDay");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Validate_TimesPerDay1To4_IsAccepted(int times) =>
        Assert.Equal(times, Plan(WithTreatment(t => t with { TimesPerDay = times })).Treatment.TimesPerDay);

    [Fact]
    public void Validate_FirstDoseInThePastBeyondGrace_IsNamed()
    {
        OnlyProblem(WithTreatment(t => t with { FirstDoseAt = "2026-03-28T11:29:00+01:00" }), "treatment.firstDoseAt");
        Assert.True(Validate(WithTreatment(t => t with { FirstDoseAt = "2026-03-28T11:31:00+01:00" })).IsValid);
    }

    [Fact]
    public void Validate_FirstDosePastByTheGivenClock_UsesThatClockNotTheMachines()
    {
        var request = WithTreatment(t => t with { FirstDoseAt = "2026-03-28T14:00:00+01:00" });

        Assert.False(AdmissionValidator.Validate(request, At("2026-03-29T12:00:00+02:00"), Grace).IsValid);
        Assert.True(AdmissionValidator.Validate(request, At("2026-03-28T14:20:00+01:00"), Grace).IsValid);
    }

    [Theory]
    [InlineData("2026-03-28T14:00:00")]
    [InlineData("2026-03-28 14:00+01:00")]
    [InlineData("28/3 2026 14:00")]
    [InlineData("2027-06-01T14:00:00+02:00")]
    public void Validate_FirstDoseWithoutOffsetMalformedOrTooFarAhead_IsNamed(string firstDose) =>
        OnlyProblem(WithTreatment(t => t with { FirstDoseAt = firstDose }), "treatment.firstDoseAt");

    [Theory]
    [InlineData("2026-03-28T13:00:00Z")]
    [InlineData("2026-03-28T14:00+01:00")]
    [InlineData("2026-03-28T14:00:00.000+01:00")]
    public void Validate_FirstDoseInIsoForms_IsTheSameInstant(string firstDose) =>
        Assert.Equal(At("2026-03-28T13:00:00Z"), Plan(WithTreatment(t => t with { FirstDoseAt = firstDose })).Treatment.FirstDoseAt);

    [Fact]
    public void Validate_NeitherDurationNorEndDate_NamesBoth()
    {
        var result = Validate(WithTreatment(t => t with { DurationDays = null, EndDate = null }));

        Assert.Equal(["treatment.durationDays", "treatment.endDate"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_BothDurationAndEndDate_NamesBoth()
    {
        var result = Validate(WithTreatment(t => t with { DurationDays = 10, EndDate = "2026-04-06" }));

        Assert.Equal(["treatment.durationDays", "treatment.endDate"], result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not both", result.Errors["treatment.endDate"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(91)]
    public void Validate_DurationOutside1To90_IsNamed(int days) =>
        OnlyProblem(WithTreatment(t => t with { DurationDays = days }), "treatment.durationDays");

    [Fact]
    public void Validate_Duration90_IsAccepted() =>
        Assert.Equal(90, Plan(WithTreatment(t => t with { DurationDays = 90 })).Treatment.DurationDays);

    [Fact]
    public void Validate_EndDate_EndsAtMidnightLocalAfterTheLastDay()
    {
        var plan = Plan(WithTreatment(t => t with { DurationDays = null, EndDate = "2026-04-06" }));

        Assert.Equal(At("2026-04-07T00:00:00+02:00"), plan.Treatment.EndsAt);
        Assert.Equal(new DateOnly(2026, 4, 6), plan.Treatment.EndDate);
        Assert.Null(plan.Treatment.DurationDays);
    }

    [Fact]
    public void Validate_EndDateOnTheFirstDosesDay_IsAOneDayTreatment() =>
        Assert.Equal(
            At("2026-03-29T00:00:00+01:00"),
            Plan(WithTreatment(t => t with { DurationDays = null, EndDate = "2026-03-28" })).Treatment.EndsAt);

    [Theory]
    [InlineData("2026-03-27")]
    [InlineData("2026-06-27")]
    [InlineData("6/4 2026")]
    [InlineData("2026-02-30")]
    public void Validate_EndDateBeforeFirstDoseTooLateOrMalformed_IsNamed(string endDate) =>
        OnlyProblem(WithTreatment(t => t with { DurationDays = null, EndDate = endDate }), "treatment.endDate");

    [Fact]
    public void Validate_SuppliedDaysBelow1_IsNamed() =>
        OnlyProblem(WithTreatment(t => t with { SuppliedDays = 0 }), "treatment.suppliedDays");

    [Theory]
    [InlineData("PO")]
    [InlineData("SC")]
    public void Validate_RouteNotIv_IsNamed(string route) => OnlyProblem(WithTreatment(t => t with { Route = route }), "treatment.route");

    [Fact]
    public void Validate_RouteInAnyCase_IsNormalised() => Assert.Equal("IV", Plan(WithTreatment(t => t with { Route = "iv" })).Treatment.Route);

    [Theory]
    [InlineData("pvk", "PVK")]
    [InlineData("cvk", "CVK")]
    [InlineData("MIDLINE", "Midline")]
    [InlineData("picc", "PICC")]
    [InlineData("port", "Port")]
    public void Validate_AccessTypeInAnyCase_IsNormalised(string given, string normalised) =>
        Assert.Equal(normalised, Plan(WithTreatment(t => t with { AccessType = given })).Treatment.AccessType);

    [Fact]
    public void Validate_UnknownAccessType_IsNamed() =>
        OnlyProblem(WithTreatment(t => t with { AccessType = "Venflon" }), "treatment.accessType");

    [Fact]
    public void Validate_UnknownSchedule_IsNamed() =>
        OnlyProblem(WithTreatment(t => t with { Schedule = "weekly" }), "treatment.schedule");

    [Fact]
    public void Validate_ClockSchedule_IsSortedAndEndsAtTheFirstClockTimeNDaysLater()
    {
        var plan = Plan(Clock("22:00", "06:00", "14:00"));

        Assert.Equal(ScheduleKind.Clock, plan.Treatment.Schedule);
        Assert.Equal(["06:00", "14:00", "22:00"], plan.Treatment.ClockTimes.Select(time => time.ToString("HH:mm", null)));

        // 14:00 local ten days on, whatever DST did in between: exactly 30 doses.
        Assert.Equal(At("2026-04-07T14:00:00+02:00"), plan.Treatment.EndsAt);
    }

    [Theory]
    [InlineData("6:00")]
    [InlineData("24:00")]
    [InlineData("14.00")]
    [InlineData("")]
    public void Validate_MalformedClockTime_NamesItsIndex(string bad) =>
        OnlyProblem(Clock(bad, "14:00", "22:00"), "treatment.clockTimes[0]");

    [Fact]
    public void Validate_DuplicateClockTimes_IsNamed() => OnlyProblem(Clock("14:00", "14:00", "22:00"), "treatment.clockTimes");

    [Fact]
    public void Validate_ClockTimeCountNotTimesPerDay_IsNamed() => OnlyProblem(Clock("14:00", "22:00"), "treatment.clockTimes");

    [Fact]
    public void Validate_ClockScheduleWithoutTimes_IsNamed() =>
        OnlyProblem(WithTreatment(t => t with { Schedule = "clock" }), "treatment.clockTimes");

    [Fact]
    public void Validate_ClockTimesWithIntervalSchedule_IsNamed() =>
        OnlyProblem(WithTreatment(t => t with { ClockTimes = ["08:00", "16:00", "00:00"] }), "treatment.clockTimes");

    [Fact]
    public void Validate_ClockFirstDoseNotAtAClockTime_IsNamed() => OnlyProblem(Clock("08:00", "16:00", "00:00"), "treatment.firstDoseAt");

    [Theory]
    [InlineData("20000001")]
    [InlineData("+45 20000001")]
    [InlineData("+452000000")]
    [InlineData("+45200000011")]
    [InlineData("+1234567")]
    [InlineData("+0123456789")]
    [InlineData("+46-70-123")]
    public void Validate_PhoneNotE164_IsNamed(string phone)
    {
        OnlyProblem(Valid with { CareTeam = Valid.CareTeam! with { MobileUnit = new ContactRequest { Name = "MBE", Phone = phone } } }, "careTeam.mobileUnit.phone");
        OnlyProblem(WithPatient(p => p with { Phone = phone }), "patient.phone");
        OnlyProblem(WithGp(g => g with { Phone = phone }), "gp.phone");
    }

    [Theory]
    [InlineData("+4520000001")]
    [InlineData("+46701234567")]
    [InlineData("+12025550123")]
    [InlineData("+123456789012345")]
    public void Validate_E164Phone_IsAccepted(string phone) => Assert.Equal(phone, Plan(WithPatient(p => p with { Phone = phone })).Patient.Phone);

    [Theory]
    [InlineData("010180123")]
    [InlineData("01018012345")]
    [InlineData("0101-801234")]
    [InlineData("01018O1234")]
    [InlineData("3102801234")]
    [InlineData("2902011234")]
    [InlineData("0013801234")]
    [InlineData("0101304000")]
    public void Validate_BadCpr_IsNamedWithoutEchoingIt(string cpr)
    {
        var messages = Problems(WithPatient(p => p with { Cpr = cpr }), "patient.cpr");

        Assert.All(messages, message => Assert.DoesNotContain(cpr, message, StringComparison.Ordinal));
        Assert.All(messages, message => Assert.DoesNotContain(cpr[..6], message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2902004000")]
    [InlineData("290200-4000")]
    public void Validate_CprOnALeapDayOfA2000sBirth_IsAccepted(string cpr) =>
        Assert.Equal("2902004000", Plan(WithPatient(p => p with { Cpr = cpr })).Patient.Cpr);

    [Theory]
    [InlineData("579000012345")]
    [InlineData("57900001234520")]
    [InlineData("579000012345X")]
    public void Validate_BadEan_IsNamed(string ean) => OnlyProblem(WithGp(g => g with { EanNumber = ean }), "gp.eanNumber");

    [Theory]
    [InlineData("12345678901234567")]
    [InlineData("12A45")]
    public void Validate_BadSorCode_IsNamed(string sor) => OnlyProblem(WithGp(g => g with { SorCode = sor }), "gp.sorCode");

    [Theory]
    [InlineData("1")]
    [InlineData("1234567890123456")]
    public void Validate_SorCodeOf1To16Digits_IsAccepted(string sor) => Assert.Equal(sor, Plan(WithGp(g => g with { SorCode = sor })).Gp.SorCode);

    [Fact]
    public void Validate_TextTooLong_IsNamedWithoutEchoingIt()
    {
        var longName = "Karen " + new string('x', 200);

        var messages = Problems(WithPatient(p => p with { Name = longName }), "patient.name");
        OnlyProblem(Valid with { Condition = new string('c', 201) }, "condition");
        OnlyProblem(WithTreatment(t => t with { Drug = new string('d', 201) }), "treatment.drug");

        Assert.All(messages, message => Assert.DoesNotContain("Karen", message, StringComparison.Ordinal));
        Assert.True(Validate(Valid with { Condition = new string('c', 200) }).IsValid);
    }

    [Fact]
    public void Validate_NameWithoutLetters_IsNamed() => OnlyProblem(WithPatient(p => p with { Name = "12 34" }), "patient.name");

    [Fact]
    public void Validate_ManyProblems_NamesEveryFieldAtOnceAndNeverTheCpr()
    {
        const string badCpr = "3102801234";
        var request = new AdmissionRequest
        {
            AdmissionId = "ADM 1",
            Patient = new PatientRequest { Cpr = badCpr, Name = "Karen Jensen", Phone = "20000001", Address = " ", Municipality = "Næstved" },
            Gp = new GpRequest { Name = "Lægerne Algade", EanNumber = "579000012345", SorCode = "SOR-1", Phone = "+45 5555 0000" },
            Condition = "Pneumoni",
            ResponsibleDoctor = null,
            Treatment = new TreatmentRequest
            {
                Drug = "Piperacillin",
                Dose = "4 g",
                Route = "PO",
                AccessType = "Venflon",
                TimesPerDay = 6,
                FirstDoseAt = "2026-03-27T14:00:00+01:00",
                DurationDays = 120,
                EndDate = null,
                SuppliedDays = 0,
                Schedule = "weekly",
            },
            CareTeam = new CareTeamRequest { HomeNursing = new ContactRequest { Name = "Syd", Phone = "+4520" }, MobileUnit = null },
        };

        var result = Validate(request);

        Assert.Equal(
            [
                "admissionId", "careTeam.homeNursing.phone", "careTeam.mobileUnit",
                "gp.eanNumber", "gp.phone", "gp.sorCode",
                "patient.address", "patient.cpr", "patient.phone", "responsibleDoctor",
                "treatment.accessType", "treatment.durationDays", "treatment.firstDoseAt", "treatment.route",
                "treatment.schedule", "treatment.suppliedDays", "treatment.timesPerDay",
            ],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        var everyMessage = result.Errors.SelectMany(entry => entry.Value).ToList();
        Assert.All(everyMessage, message =>
        {
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.DoesNotContain(badCpr, message, StringComparison.Ordinal);
            Assert.DoesNotContain("310280", message, StringComparison.Ordinal);
            Assert.DoesNotContain("Karen", message, StringComparison.Ordinal);
        });
    }
}
