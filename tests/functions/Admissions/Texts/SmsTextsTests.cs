using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Tests.Admissions.Planning;

namespace HaH.Orchestration.Functions.Tests.Admissions.Texts;

public sealed class SmsTextsTests
{
    private static readonly DateTimeOffset Now = Requests.At("2026-03-28T12:00:00+01:00");
    private static readonly DateTimeOffset Due = Requests.At("2026-03-28T14:00:00+01:00");

    [Fact]
    public void Reminder_DueToday_ReadsAsTheDesignExample() =>
        Assert.Equal(
            "eHospital: IV Piperacillin 4 g kl. 14:00, Algade 1, Næstved (KJ). Svar OK 4711 når givet, NEJ 4711 hvis ikke.",
            SmsTexts.Reminder("Piperacillin", "4 g", Due, "Algade 1, Næstved", "KJ", "4711", Now));

    [Fact]
    public void Reminder_DueAnotherDay_AddsTheLocalDate()
    {
        var text = SmsTexts.Reminder("Piperacillin", "4 g", Requests.At("2026-03-28T23:30:00Z"), "Algade 1", "KJ", "0042", Now);

        Assert.Contains("29/3 kl. 00:30", text, StringComparison.Ordinal);
        Assert.Contains("OK 0042", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-07-01T12:00:00Z", "2026-07-01T08:00:00Z")] // summer: UTC+2
    [InlineData("2026-01-15T13:00:00Z", "2026-01-15T08:00:00Z")] // winter: UTC+1
    [InlineData("2026-07-01T14:00:00+02:00", "2026-07-01T08:00:00Z")]
    public void Reminder_AnyOffset_PrintsDanishLocalTime(string due, string now) =>
        Assert.Contains(
            "kl. 14:00,",
            SmsTexts.Reminder("Cefuroxim", "1,5 g", Requests.At(due), "Algade 1", "KJ", "4711", Requests.At(now)),
            StringComparison.Ordinal);

    [Fact]
    public void Reminder_RealisticLongDrugName_FitsTwoPartsInGsm7()
    {
        var text = SmsTexts.Reminder(
            "Piperacillin/Tazobactam (Piperacillin/Tazobactam Fresenius Kabi)", "4 g/0,5 g", Due,
            "Skovbrynet 117, st. th., 4700 Næstved", "SÆ", "4711", Now);

        Assert.True(text.Length <= 306, $"{text.Length} characters");
        Assert.True(Gsm7.IsBasic(text), text);
        Assert.Equal(2, Gsm7.Parts(text));
    }

    [Fact]
    public void Reminder_MaximalPlanTexts_StillFitTwoParts()
    {
        var longest = new string('x', ValidationErrors.MaxTextLength);

        var text = SmsTexts.Reminder(longest, longest, Due, longest, "KJ", "4711", Now);

        Assert.True(text.Length <= 306, $"{text.Length} characters");
        Assert.Contains("...", text, StringComparison.Ordinal);
        Assert.EndsWith("Svar OK 4711 når givet, NEJ 4711 hvis ikke.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryText_FromARealPlan_HasInitialsNeverNameOrCprAndIsGsm7()
    {
        var plan = Requests.Plan(Requests.Valid);
        var p = plan.Patient;
        var t = plan.Treatment;
        var texts = new[]
        {
            SmsTexts.Reminder(t.Drug, t.Dose, t.FirstDoseAt, p.Address, plan.PatientInitials, "4711", Now),
            SmsTexts.ReceiptOnTime(t.Drug, t.FirstDoseAt, plan.PatientInitials, Now),
            SmsTexts.ReceiptLate(t.Drug, t.FirstDoseAt, plan.PatientInitials, t.FirstDoseAt.AddHours(2), Now),
            SmsTexts.ReceiptNotGiven(t.Drug, t.FirstDoseAt, plan.PatientInitials, Now),
            SmsTexts.ReceiptAcknowledged(t.FirstDoseAt, plan.PatientInitials, Now),
            SmsTexts.Escalation(1, EscalationReasonKind.NotConfirmed, t.Drug, t.FirstDoseAt, plan.PatientInitials, p.Municipality, "5120", Now),
            SmsTexts.Escalation(2, EscalationReasonKind.NotGiven, t.Drug, t.FirstDoseAt, plan.PatientInitials, p.Municipality, "5120", Now, "patient sov"),
            SmsTexts.Escalation(1, EscalationReasonKind.MedicineNotDelivered, t.Drug, t.FirstDoseAt, plan.PatientInitials, p.Municipality, "5120", Now),
            SmsTexts.Resolved(plan.PatientInitials, t.FirstDoseAt, t.FirstDoseAt.AddHours(2), Now),
            SmsTexts.Help(),
            SmsTexts.AlreadyHandled("4711"),
            SmsTexts.PatientDischarged(),
        };

        Assert.All(texts, text =>
        {
            Assert.DoesNotContain("Karen", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Jensen", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(p.Cpr, text, StringComparison.Ordinal);
            Assert.DoesNotContain(p.Cpr[..6], text, StringComparison.Ordinal);
            Assert.True(Gsm7.IsBasic(text), text);
            Assert.True(text.Length <= 306, text);
        });
        Assert.All(texts[..9], text => Assert.Contains("(KJ", text, StringComparison.Ordinal));
        Assert.All(texts[..9], text => Assert.Contains("kl. 14:00", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Receipts_NameDrugTimeAndInitials()
    {
        Assert.Equal(
            "eHospital: Tak. IV Piperacillin kl. 14:00 (KJ) er registreret som givet.",
            SmsTexts.ReceiptOnTime("Piperacillin", Due, "KJ", Now));
        Assert.Equal(
            "eHospital: Tak. IV Piperacillin kl. 14:00 (KJ) er registreret som givet for sent (bekræftet kl. 15:35). En evt. alarm er lukket.",
            SmsTexts.ReceiptLate("Piperacillin", Due, "KJ", Due.AddMinutes(95), Now));
        Assert.Equal(
            "eHospital: Modtaget. IV Piperacillin kl. 14:00 (KJ) er registreret som IKKE givet. eHospital er alarmeret.",
            SmsTexts.ReceiptNotGiven("Piperacillin", Due, "KJ", Now));
    }

    [Fact]
    public void Escalation_NotConfirmed_ReadsAsTheExample() =>
        Assert.Equal(
            "eHospital ALARM (niveau 1): IV Piperacillin kl. 14:00 ikke bekræftet (KJ, Næstved). Svar OK 5120 når håndteret.",
            SmsTexts.Escalation(1, EscalationReasonKind.NotConfirmed, "Piperacillin", Due, "KJ", "Næstved", "5120", Now));

    [Fact]
    public void Escalation_NotGiven_QuotesTheReasonClippedAndWithoutCpr()
    {
        var reason = "Patient 010180-1234 afviste, sagde at han ville vente til i morgen, og venflon var også stoppet til";

        var text = SmsTexts.Escalation(2, EscalationReasonKind.NotGiven, "Piperacillin", Due, "KJ", "Næstved", "5120", Now, reason);

        Assert.StartsWith("eHospital ALARM (niveau 2): IV Piperacillin kl. 14:00 IKKE givet (KJ, Næstved). Årsag: \"Patient xxxxxx-xxxx afviste", text, StringComparison.Ordinal);
        Assert.Contains("...\". Svar OK 5120 når håndteret.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("010180", text, StringComparison.Ordinal);
        var quoted = text.Split('"')[1];
        Assert.Equal(60, quoted.Length);
    }

    [Fact]
    public void Escalation_NotGivenWithoutReason_SaysSo() =>
        Assert.Contains(
            "Årsag ikke oplyst.",
            SmsTexts.Escalation(1, EscalationReasonKind.NotGiven, "Piperacillin", Due, "KJ", "Næstved", "5120", Now, "  "),
            StringComparison.Ordinal);

    [Fact]
    public void Escalation_MedicineNotDelivered_NamesWhenTheSupplyRunsOut() =>
        Assert.Equal(
            "eHospital ALARM (niveau 1): Medicin (Piperacillin) ikke leveret, slipper op 4/4 kl. 14:00 (KJ, Næstved). Svar OK 5120 når håndteret.",
            SmsTexts.Escalation(1, EscalationReasonKind.MedicineNotDelivered, "Piperacillin", Requests.At("2026-04-04T12:00:00Z"), "KJ", "Næstved", "5120", Now));

    [Fact]
    public void Resolved_NamesTheDoseAndWhenItWasConfirmed() =>
        Assert.Equal(
            "eHospital: Alarm løst. Dosis kl. 14:00 (KJ) er givet, bekræftet kl. 15:20. Intet at gøre.",
            SmsTexts.Resolved("KJ", Due, Due.AddMinutes(80), Now));

    [Fact]
    public void HelpAlreadyHandledAndDischarged_AreShortAndCarryNoPatient()
    {
        Assert.True(SmsTexts.Help().Length <= 160, SmsTexts.Help());
        Assert.Equal("eHospital: 4711 er allerede håndteret. Intet er ændret.", SmsTexts.AlreadyHandled("4711"));
        Assert.Contains("udskrevet", SmsTexts.PatientDischarged(), StringComparison.Ordinal);
        Assert.Contains("læge", SmsTexts.PatientDischarged(), StringComparison.Ordinal);
        Assert.True(SmsTexts.PatientDischarged().Length <= 160, SmsTexts.PatientDischarged());
    }
}
