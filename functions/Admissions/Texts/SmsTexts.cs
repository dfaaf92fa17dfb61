using HaH.Orchestration.Functions.Shared;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>
/// Every SMS the admission workflow sends, in Danish. Times are Danish local time, with the date
/// only when it is not today (relative to <c>now</c>). Patients appear by initials only. Free text
/// is clipped so that a reminder fits in two SMS parts (306 GSM-7 characters) however long the
/// plan's texts are, and any CPR-shaped number in it is masked — nurses' NEJ reasons are free text.
/// The fixed wording uses only GSM-7 characters (æøå included) so that no message falls back to
/// 70-character UCS-2 parts.
/// </summary>
internal static class SmsTexts
{
    private const string Sender = "eHospital";
    private const int MaxDrug = 60;
    private const int MaxDose = 20;
    private const int MaxAddress = 80;
    private const int MaxMunicipality = 30;
    private const int MaxInitials = 3;
    private const int MaxReason = 60;

    /// <summary>
    /// To the assigned nurse, before the dose: "eHospital: IV Piperacillin 4 g kl. 14:00, Algade 1,
    /// Næstved (KJ). Svar OK 4711 når givet, NEJ 4711 hvis ikke."
    /// </summary>
    public static string Reminder(string drug, string dose, DateTimeOffset due, string address, string initials, string code, DateTimeOffset now) =>
        $"{Sender}: IV {Clip(drug, MaxDrug)} {Clip(dose, MaxDose)} {DanishFormat.Relative(due, now)}, {Clip(address, MaxAddress)} " +
        $"({Clip(initials, MaxInitials)}). Svar OK {Clip(code, 8)} når givet, NEJ {Clip(code, 8)} hvis ikke.";

    /// <summary>Receipt for a confirmation inside the window.</summary>
    public static string ReceiptOnTime(string drug, DateTimeOffset due, string initials, DateTimeOffset now) =>
        $"{Sender}: Tak. IV {Clip(drug, MaxDrug)} {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er registreret som givet.";

    /// <summary>Receipt for a confirmation after the window closed; any escalation of the dose is closed too.</summary>
    public static string ReceiptLate(string drug, DateTimeOffset due, string initials, DateTimeOffset confirmedAt, DateTimeOffset now) =>
        $"{Sender}: Tak. IV {Clip(drug, MaxDrug)} {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er registreret som givet " +
        $"for sent (bekræftet {DanishFormat.Relative(confirmedAt, now)}). En evt. alarm er lukket.";

    /// <summary>Receipt for NEJ: the dose is recorded as not given and the eHospital is alerted at once.</summary>
    public static string ReceiptNotGiven(string drug, DateTimeOffset due, string initials, DateTimeOffset now) =>
        $"{Sender}: Modtaget. IV {Clip(drug, MaxDrug)} {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er registreret " +
        "som IKKE givet. eHospital er alarmeret.";

    /// <summary>Receipt for the OK that acknowledges an escalation.</summary>
    public static string ReceiptAcknowledged(DateTimeOffset due, string initials, DateTimeOffset now) =>
        $"{Sender}: Tak. Alarmen for dosis {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er kvitteret.";

    /// <summary>
    /// To the eHospital nurse or doctor: "eHospital ALARM (niveau 1): IV Piperacillin kl. 14:00 ikke
    /// bekræftet (KJ, Næstved). Svar OK 5120 når håndteret." For <see cref="EscalationReasonKind.NotGiven"/>
    /// the nurse's reason follows, clipped; for <see cref="EscalationReasonKind.MedicineNotDelivered"/>
    /// <paramref name="due"/> is when the supply runs out.
    /// </summary>
    public static string Escalation(
        int level,
        EscalationReasonKind reason,
        string drug,
        DateTimeOffset due,
        string initials,
        string municipality,
        string code,
        DateTimeOffset now,
        string? notGivenReason = null)
    {
        var when = DanishFormat.Relative(due, now);
        var what = reason switch
        {
            EscalationReasonKind.NotConfirmed => $"IV {Clip(drug, MaxDrug)} {when} ikke bekræftet",
            EscalationReasonKind.NotGiven => $"IV {Clip(drug, MaxDrug)} {when} IKKE givet",
            EscalationReasonKind.MedicineNotDelivered => $"Medicin ({Clip(drug, MaxDrug)}) ikke leveret, slipper op {when}",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown escalation reason."),
        };
        var because = reason == EscalationReasonKind.NotGiven
            ? string.IsNullOrWhiteSpace(notGivenReason) ? " Årsag ikke oplyst." : $" Årsag: \"{Clip(notGivenReason, MaxReason)}\"."
            : "";
        return $"{Sender} ALARM (niveau {level}): {what} ({Clip(initials, MaxInitials)}, {Clip(municipality, MaxMunicipality)}).{because} " +
            $"Svar OK {Clip(code, 8)} når håndteret.";
    }

    /// <summary>To whoever was escalated, when someone at the eHospital acknowledged the alarm on the dashboard.</summary>
    public static string AcknowledgedByEHospital(DateTimeOffset due, string initials, DateTimeOffset now) =>
        $"{Sender}: Alarmen for dosis {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er kvitteret af eHospital. Intet at gøre.";

    /// <summary>To whoever was escalated, when the nurse's late confirmation closes the alarm.</summary>
    public static string Resolved(string initials, DateTimeOffset due, DateTimeOffset confirmedAt, DateTimeOffset now) =>
        $"{Sender}: Alarm løst. Dosis {DanishFormat.Relative(due, now)} ({Clip(initials, MaxInitials)}) er givet, " +
        $"bekræftet {DanishFormat.Relative(confirmedAt, now)}. Intet at gøre.";

    /// <summary>The answer to a reply that matches nothing: how to answer.</summary>
    public static string Help() =>
        $"{Sender}: Svar OK og koden fra beskeden, når dosis er givet (fx OK 1234), eller NEJ, koden og årsagen, " +
        "hvis den ikke er givet (fx NEJ 1234 patient afviste).";

    /// <summary>The answer to a reply whose item was already closed.</summary>
    public static string AlreadyHandled(string code) =>
        $"{Sender}: {Clip(code, 8)} er allerede håndteret. Intet er ændret.";

    /// <summary>To the patient (no name: a phone may be shared) when the admission ends.</summary>
    public static string PatientDischarged() =>
        $"{Sender}: Du er nu udskrevet fra hjemmeindlæggelsen. Din egen læge får et udskrivningsbrev. " +
        "Ved akut sygdom ring 112.";

    /// <summary>
    /// One line of free text for an SMS, cleaned by the app's one sanitiser (<see cref="FreeText"/>):
    /// control characters out, whitespace collapsed, CPR-shaped numbers masked, at most
    /// <paramref name="max"/> characters ("..." marks a cut).
    /// </summary>
    internal static string Clip(string? text, int max) => FreeText.Clean(text, max);
}
