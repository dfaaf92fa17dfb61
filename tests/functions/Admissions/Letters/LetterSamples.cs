using HaH.Orchestration.Functions.Admissions.Letters;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>A discharge letter as an admission asks for it, with every kind of event the letter reports, and its sender.</summary>
internal static class LetterSamples
{
    public const string MessageId = "ADM-2026-0001-letter";

    public static readonly DateTimeOffset SentAt = At("2026-04-07T10:00:00Z");

    public static readonly DischargeSummary Summary = new()
    {
        AdmissionId = "ADM-2026-0001",
        PatientName = "Karen Marie Jensen",
        PatientCpr = "0101801234",
        GpName = "Lægerne Algade",
        Condition = "Pneumoni",
        ResponsibleDoctor = "Anna Holm",
        Treatment = new TreatmentSummary("Piperacillin/Tazobactam", "4 g", "IV", "PICC", 3),
        AdmittedAt = At("2026-03-28T13:00:00Z"),
        DischargedAt = SentAt,
        Kind = DischargeKind.Early,
        DischargeReason = "klinisk rask",
        SuppliedDays = 7,
        Doses =
        [
            new(1, At("2026-03-28T13:00:00Z"), DoseOutcome.OnTime, At("2026-03-28T13:05:00Z")),
            new(2, At("2026-03-28T21:00:00Z"), DoseOutcome.Late, At("2026-03-28T22:35:00Z")),
            new(3, At("2026-03-29T05:00:00Z"), DoseOutcome.NotGiven, At("2026-03-29T05:02:00Z"), "patienten sov"),
            new(4, At("2026-03-29T13:00:00Z"), DoseOutcome.Missed),
            new(5, At("2026-03-29T21:00:00Z"), DoseOutcome.Cancelled),
        ],
        Escalations =
        [
            new(At("2026-03-28T22:00:00Z"), EscalationReasonKind.NotConfirmed, 1, EscalationOutcome.ResolvedByConfirmation, At("2026-03-28T22:35:00Z"), At("2026-03-28T21:00:00Z")),
            new(At("2026-03-29T14:00:00Z"), EscalationReasonKind.NotConfirmed, 2, EscalationOutcome.Unresolved, null, At("2026-03-29T13:00:00Z")),
        ],
        Deliveries = [new(At("2026-04-02T08:00:00Z"), At("2026-04-03T09:20:00Z"), 7)],
        PlanChanges = [new(At("2026-03-30T08:00:00Z"), At("2026-03-30T13:00:00Z"), TimesPerDay: 4, Dose: "2 g")],
        Pauses = [new(At("2026-03-31T00:00:00Z"), At("2026-04-01T12:00:00Z"), "genindlagt på medicinsk afdeling")],
        WardRounds = 9,
    };

    public static readonly EHospitalOptions Sender = new()
    {
        Name = "eHospital Region Sjælland",
        SorCode = "123456789012340",
        EanNumber = "5790000000012",
        Phone = "+4570000000",
    };

    /// <summary>One validator for the tests that need one: loading it takes seconds.</summary>
    public static FhirSpecificationValidator Validator { get; } = new();

    public static Hl7.Fhir.Model.Bundle Build(DischargeLetterRequest? request = null, string messageId = MessageId) =>
        CareCommunicationMessage.Build(request ?? Request(), Sender, messageId, SentAt);

    public static DischargeLetterRequest Request(DischargeSummary? summary = null)
    {
        summary ??= Summary;
        var letter = DischargeLetter.Compose(summary);
        return new DischargeLetterRequest(summary.AdmissionId, new LetterRecipient(summary.GpName, "5790000123456", "123456789012345"), letter.Subject, letter.Text, summary);
    }

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
