using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using HaH.Orchestration.Durable;
using HaH.Orchestration.Functions.Admissions.Texts;
using static HaH.Orchestration.Functions.Tests.Admissions.Planning.Requests;

namespace HaH.Orchestration.Functions.Tests.Admissions.Texts;

public sealed class DischargeLetterTests
{
    // Ten visits around the spring change (29/3 02:00 → 03:00): times below are UTC on purpose.
    private static readonly DischargeSummary Summary = new()
    {
        AdmissionId = "ADM-2026-0001",
        PatientName = "Karen Jensen",
        PatientCpr = "0101801234",
        GpName = "Lægerne Algade",
        Condition = "Pneumoni",
        ResponsibleDoctor = "Anna Holm",
        Treatment = new TreatmentSummary("Piperacillin/Tazobactam", "4 g", "IV", "PICC", 3),
        AdmittedAt = At("2026-03-28T13:00:00Z"),
        DischargedAt = At("2026-04-07T10:00:00Z"),
        Kind = DischargeKind.Early,
        DischargeReason = "klinisk rask",
        SuppliedDays = 7,
        Doses =
        [
            new(1, At("2026-03-28T13:00:00Z"), DoseOutcome.OnTime, At("2026-03-28T13:05:00Z")),
            new(2, At("2026-03-28T21:00:00Z"), DoseOutcome.OnTime, At("2026-03-28T21:10:00Z")),
            new(3, At("2026-03-29T05:00:00Z"), DoseOutcome.Late, At("2026-03-29T06:35:00Z")),
            new(4, At("2026-03-29T13:00:00Z"), DoseOutcome.NotGiven, At("2026-03-29T13:02:00Z"), "patienten sov"),
            new(5, At("2026-03-29T21:00:00Z"), DoseOutcome.Missed),
            new(6, At("2026-03-30T05:00:00Z"), DoseOutcome.OnTime),
            new(7, At("2026-03-30T13:00:00Z"), DoseOutcome.Missed),
            new(8, At("2026-03-30T21:00:00Z"), DoseOutcome.OnTime),
            new(9, At("2026-03-31T05:00:00Z"), DoseOutcome.Cancelled),
            new(10, At("2026-03-31T13:00:00Z"), DoseOutcome.Cancelled),
        ],
        Escalations =
        [
            new(At("2026-03-29T06:00:00Z"), EscalationReasonKind.NotConfirmed, 1, EscalationOutcome.ResolvedByConfirmation, At("2026-03-29T06:35:00Z"), At("2026-03-29T05:00:00Z")),
            new(At("2026-03-29T13:02:00Z"), EscalationReasonKind.NotGiven, 1, EscalationOutcome.Acknowledged, At("2026-03-29T13:10:00Z"), At("2026-03-29T13:00:00Z")),
            new(At("2026-03-29T22:00:00Z"), EscalationReasonKind.NotConfirmed, 2, EscalationOutcome.Unresolved, null, At("2026-03-29T21:00:00Z")),
        ],
        Deliveries = [new(At("2026-04-02T08:00:00Z"), At("2026-04-03T09:20:00Z"), 7)],
        PlanChanges = [new(At("2026-03-30T08:00:00Z"), At("2026-03-30T13:00:00Z"), TimesPerDay: 4, Dose: "2 g")],
        Pauses = [new(At("2026-03-31T00:00:00Z"), At("2026-04-01T12:00:00Z"), "genindlagt på medicinsk afdeling")],
        WardRounds = 9,
    };

    private static string[] Lines => DischargeLetter.Compose(Summary).Text.Split('\n');

    [Fact]
    public void Compose_NamesPatientWithCprGpPeriodConditionTreatmentAndDoctor()
    {
        var text = DischargeLetter.Compose(Summary).Text;

        Assert.Contains("Til: Lægerne Algade", Lines);
        Assert.Contains("Patient: Karen Jensen, CPR 010180-1234", Lines);
        Assert.Contains("Periode: 28. marts 2026 - 7. april 2026 (udskrevet før planlagt: klinisk rask)", Lines);
        Assert.Contains("Tilstand: Pneumoni", Lines);
        Assert.Contains("Behandling: IV Piperacillin/Tazobactam 4 g, 3 gange dagligt, adgang: PICC", Lines);
        Assert.Contains("Behandling ved udskrivning: IV Piperacillin/Tazobactam 2 g, 4 gange dagligt, adgang: PICC", Lines);
        Assert.Contains("Ansvarlig læge i eHospital: Anna Holm", Lines);
        Assert.EndsWith("eHospital, ansvarlig læge Anna Holm\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_CountsEachDoseCategoryWithLocalTimes()
    {
        Assert.Contains("Doser: 5 af 8 givet.", Lines);
        Assert.Contains("- Givet til tiden: 4", Lines);
        Assert.Contains("- Givet for sent: 1 (29/3 kl. 07:00 (bekræftet 29/3 kl. 08:35))", Lines);
        Assert.Contains("- Ikke givet: 1 (29/3 kl. 15:00 (patienten sov))", Lines);
        Assert.Contains("- Ikke bekræftet givet (ingen besked fra sygeplejen): 2 (29/3 kl. 23:00; 30/3 kl. 15:00)", Lines);
        Assert.Contains("- Aflyst (pause eller udskrivning): 2", Lines);
    }

    [Fact]
    public void Compose_ListsEscalationsWithLevelsAndOutcome()
    {
        Assert.Contains("Eskalationer: 3 (højeste niveau 1: 2, højeste niveau 2: 1; håndteret: 2, uløst: 1).", Lines);
        Assert.Contains("- 29/3 kl. 08:00: dosis ikke bekræftet (dosis 29/3 kl. 07:00), niveau 1, løst ved sen bekræftelse 29/3 kl. 08:35", Lines);
        Assert.Contains("- 29/3 kl. 15:02: dosis ikke givet (dosis 29/3 kl. 15:00), niveau 1, kvitteret 29/3 kl. 15:10", Lines);
        Assert.Contains("- 30/3 kl. 00:00: dosis ikke bekræftet (dosis 29/3 kl. 23:00), niveau 2, uløst (ingen kvittering)", Lines);
    }

    [Fact]
    public void Compose_ListsMedicineChangesPausesAndRounds()
    {
        Assert.Contains("Medicin: 7 dages forbrug medsendt fra afdelingen; leveringer: 1.", Lines);
        Assert.Contains("- bestilt 2/4 kl. 10:00, leveret 3/4 kl. 11:20 (7 dage)", Lines);
        Assert.Contains("Planændringer: 1.", Lines);
        Assert.Contains("- 30/3 kl. 10:00 (fra 30/3 kl. 15:00): dosis 2 g, 4 gange dagligt", Lines);
        Assert.Contains("Pauser: 1.", Lines);
        Assert.Contains("- 31/3 kl. 02:00 - 1/4 kl. 14:00: genindlagt på medicinsk afdeling", Lines);
        Assert.Contains("Virtuelle stuegange: 9", Lines);
    }

    [Fact]
    public void Compose_QuietAdmission_SaysNoneRatherThanLeavingOut()
    {
        var quiet = Summary with
        {
            Kind = DischargeKind.Completed,
            Doses = [new(1, At("2026-03-28T13:00:00Z"), DoseOutcome.OnTime)],
            Escalations = [],
            Deliveries = [],
            PlanChanges = [],
            Pauses = [],
            WardRounds = 0,
        };

        var lines = DischargeLetter.Compose(quiet).Text.Split('\n');

        Assert.Contains("Periode: 28. marts 2026 - 7. april 2026 (behandlingen gennemført som planlagt)", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("Behandling ved udskrivning", StringComparison.Ordinal));
        Assert.Contains("- Givet for sent: 0", lines);
        Assert.Contains("- Ikke givet: 0", lines);
        Assert.Contains("- Ikke bekræftet givet (ingen besked fra sygeplejen): 0", lines);
        Assert.Contains("Eskalationer: ingen.", lines);
        Assert.Contains("Planændringer: ingen.", lines);
        Assert.Contains("Pauser: ingen.", lines);
        Assert.Contains("Medicin: 7 dages forbrug medsendt fra afdelingen; leveringer: 0.", lines);
    }

    [Fact]
    public void Compose_SubjectCarriesNeitherNameNorCpr()
    {
        var subject = DischargeLetter.Compose(Summary).Subject;

        Assert.Equal("Udskrivning fra hjemmeindlæggelse, eHospital (28. marts 2026 - 7. april 2026, ADM-2026-0001)", subject);
        Assert.DoesNotContain("Karen", subject, StringComparison.Ordinal);
        Assert.DoesNotContain("010180", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void DischargeSummary_RoundTripsThroughThePayloadSerializer()
    {
        var json = JsonSerializer.Serialize(Summary, DurableSerializer.Options);
        var back = JsonSerializer.Deserialize<DischargeSummary>(json, DurableSerializer.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, DurableSerializer.Options));
        Assert.Equal(DischargeLetter.Compose(Summary), DischargeLetter.Compose(back));
        Assert.Contains("\"outcome\":\"NotGiven\"", json, StringComparison.Ordinal);
        Assert.Contains("\"endDate\":null", json, StringComparison.Ordinal);
    }
}
