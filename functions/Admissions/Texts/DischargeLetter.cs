using HaH.Orchestration.Functions.Admissions.Planning;
using NodaTime;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>The letter's subject line and plain-text body.</summary>
internal sealed record DischargeLetterText(string Subject, string Text);

/// <summary>
/// The discharge letter to the patient's GP, in Danish plain text. It names the patient and the
/// CPR number — it goes to the patient's own GP through the secure integration channel — but the
/// subject does not, because subjects show up in message lists and transport logs.
/// </summary>
internal static class DischargeLetter
{
    /// <summary>Composes the letter; local Danish dates and times throughout, lines separated by "\n".</summary>
    public static DischargeLetterText Compose(DischargeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var admitted = DanishFormat.LongDate(DanishTime.DateOf(summary.AdmittedAt));
        var discharged = DanishFormat.LongDate(DanishTime.DateOf(summary.DischargedAt));
        var subject = $"Udskrivning fra hjemmeindlæggelse, eHospital ({admitted} - {discharged}, {summary.AdmissionId})";

        var lines = new List<string>
        {
            "Udskrivningsbrev fra eHospital: hjemmeindlæggelse",
            "",
            $"Til: {summary.GpName}",
            $"Patient: {summary.PatientName}, CPR {CprNumber.Format(summary.PatientCpr)}",
            $"Periode: {admitted} - {discharged} ({Ending(summary)})",
            $"Tilstand: {summary.Condition}",
            $"Behandling: {Describe(summary.Treatment)}",
        };
        var final = ApplyChanges(summary.Treatment, summary.PlanChanges);
        if (final != summary.Treatment)
        {
            lines.Add($"Behandling ved udskrivning: {Describe(final)}");
        }

        lines.Add($"Ansvarlig læge i eHospital: {summary.ResponsibleDoctor}");
        lines.Add("");
        lines.AddRange(Doses(summary.Doses));
        lines.Add("");
        lines.AddRange(Escalations(summary.Escalations));
        lines.Add("");
        lines.AddRange(Medicine(summary));
        lines.Add("");
        lines.AddRange(Changes(summary.PlanChanges));
        lines.AddRange(Pauses(summary.Pauses));
        lines.Add($"Virtuelle stuegange: {summary.WardRounds}");
        lines.Add("");
        lines.Add("Med venlig hilsen");
        lines.Add($"eHospital, ansvarlig læge {summary.ResponsibleDoctor}");
        return new DischargeLetterText(subject, string.Join('\n', lines) + "\n");
    }

    private static string Ending(DischargeSummary summary) => summary.Kind switch
    {
        DischargeKind.Completed => "behandlingen gennemført som planlagt",
        DischargeKind.Early when !string.IsNullOrWhiteSpace(summary.DischargeReason) =>
            $"udskrevet før planlagt: {summary.DischargeReason}",
        _ => "udskrevet før planlagt",
    };

    private static string Describe(TreatmentSummary treatment) =>
        $"{treatment.Route} {treatment.Drug} {treatment.Dose}, {TimesPerDay(treatment.TimesPerDay)}, adgang: {treatment.AccessType}";

    private static string TimesPerDay(int times) => times == 1 ? "1 gang dagligt" : $"{times} gange dagligt";

    private static TreatmentSummary ApplyChanges(TreatmentSummary treatment, IReadOnlyList<PlanChange> changes) =>
        changes.OrderBy(change => change.At).Aggregate(treatment, (current, change) => current with
        {
            Drug = change.Drug ?? current.Drug,
            Dose = change.Dose ?? current.Dose,
            TimesPerDay = change.TimesPerDay ?? current.TimesPerDay,
        });

    private static IEnumerable<string> Doses(IReadOnlyList<DoseRecord> doses)
    {
        var sorted = doses.OrderBy(dose => dose.DueAt).ToList();
        var due = sorted.Count(dose => dose.Outcome != DoseOutcome.Cancelled);
        var given = sorted.Count(dose => dose.Outcome is DoseOutcome.OnTime or DoseOutcome.Late);
        yield return $"Doser: {given} af {due} givet.";
        yield return $"- Givet til tiden: {sorted.Count(dose => dose.Outcome == DoseOutcome.OnTime)}";
        yield return Category("Givet for sent", sorted, DoseOutcome.Late, dose =>
            dose.ConfirmedAt is { } at ? $" (bekræftet {DanishFormat.DateTime(at)})" : "");
        yield return Category("Ikke givet", sorted, DoseOutcome.NotGiven, dose =>
            string.IsNullOrWhiteSpace(dose.NotGivenReason) ? "" : $" ({dose.NotGivenReason})");
        yield return Category("Ikke bekræftet givet (ingen besked fra sygeplejen)", sorted, DoseOutcome.Missed, _ => "");
        var cancelled = sorted.Count(dose => dose.Outcome == DoseOutcome.Cancelled);
        if (cancelled > 0)
        {
            yield return $"- Aflyst (pause eller udskrivning): {cancelled}";
        }
    }

    // "- Ikke givet: 2 (29/3 kl. 06:00 (patienten sov); 30/3 kl. 14:00)"
    private static string Category(string label, List<DoseRecord> doses, DoseOutcome outcome, Func<DoseRecord, string> detail)
    {
        var matching = doses.Where(dose => dose.Outcome == outcome).ToList();
        return matching.Count == 0
            ? $"- {label}: 0"
            : $"- {label}: {matching.Count} ({string.Join("; ", matching.Select(dose => DanishFormat.DateTime(dose.DueAt) + detail(dose)))})";
    }

    private static IEnumerable<string> Escalations(IReadOnlyList<EscalationRecord> escalations)
    {
        if (escalations.Count == 0)
        {
            yield return "Eskalationer: ingen.";
            yield break;
        }

        var byLevel = escalations.GroupBy(escalation => escalation.HighestLevel).OrderBy(group => group.Key)
            .Select(group => $"højeste niveau {group.Key}: {group.Count()}");
        var unresolved = escalations.Count(escalation => escalation.Outcome == EscalationOutcome.Unresolved);
        yield return $"Eskalationer: {escalations.Count} ({string.Join(", ", byLevel)}; " +
            $"håndteret: {escalations.Count - unresolved}, uløst: {unresolved}).";
        foreach (var escalation in escalations.OrderBy(escalation => escalation.At))
        {
            var about = escalation.DoseDueAt is { } due
                ? escalation.Reason == EscalationReasonKind.MedicineNotDelivered
                    ? $" (medicin slipper op {DanishFormat.DateTime(due)})"
                    : $" (dosis {DanishFormat.DateTime(due)})"
                : "";
            yield return $"- {DanishFormat.DateTime(escalation.At)}: {Reason(escalation.Reason)}{about}, " +
                $"niveau {escalation.HighestLevel}, {Outcome(escalation)}";
        }
    }

    private static string Reason(EscalationReasonKind reason) => reason switch
    {
        EscalationReasonKind.NotConfirmed => "dosis ikke bekræftet",
        EscalationReasonKind.NotGiven => "dosis ikke givet",
        EscalationReasonKind.MedicineNotDelivered => "medicin ikke leveret",
        _ => reason.ToString(),
    };

    private static string Outcome(EscalationRecord escalation)
    {
        var at = escalation.ClosedAt is { } closed ? $" {DanishFormat.DateTime(closed)}" : "";
        return escalation.Outcome switch
        {
            EscalationOutcome.Acknowledged => $"kvitteret{at}",
            EscalationOutcome.ResolvedByConfirmation => $"løst ved sen bekræftelse{at}",
            _ => "uløst (ingen kvittering)",
        };
    }

    private static IEnumerable<string> Medicine(DischargeSummary summary)
    {
        yield return $"Medicin: {summary.SuppliedDays} dages forbrug medsendt fra afdelingen; " +
            $"leveringer: {summary.Deliveries.Count(delivery => delivery.DeliveredAt is not null)}.";
        foreach (var delivery in summary.Deliveries.OrderBy(delivery => delivery.OrderedAt ?? delivery.DeliveredAt))
        {
            var ordered = delivery.OrderedAt is { } o ? $"bestilt {DanishFormat.DateTime(o)}" : "ubestilt";
            var delivered = delivery.DeliveredAt is { } d ? $"leveret {DanishFormat.DateTime(d)}" : "ikke leveret";
            var days = delivery.Days is { } n ? $" ({n} dage)" : "";
            yield return $"- {ordered}, {delivered}{days}";
        }
    }

    private static IEnumerable<string> Changes(IReadOnlyList<PlanChange> changes)
    {
        yield return changes.Count == 0 ? "Planændringer: ingen." : $"Planændringer: {changes.Count}.";
        foreach (var change in changes.OrderBy(change => change.At))
        {
            var what = new List<string>();
            if (change.Drug is not null)
            {
                what.Add($"præparat {change.Drug}");
            }

            if (change.Dose is not null)
            {
                what.Add($"dosis {change.Dose}");
            }

            if (change.TimesPerDay is { } times)
            {
                what.Add(TimesPerDay(times));
            }

            if (change.EndDate is { } end)
            {
                what.Add($"sidste behandlingsdag {DanishFormat.LongDate(LocalDate.FromDateOnly(end))}");
            }

            var from = change.EffectiveFrom is { } effective ? $" (fra {DanishFormat.DateTime(effective)})" : "";
            yield return $"- {DanishFormat.DateTime(change.At)}{from}: {string.Join(", ", what)}";
        }
    }

    private static IEnumerable<string> Pauses(IReadOnlyList<PauseRecord> pauses)
    {
        yield return pauses.Count == 0 ? "Pauser: ingen." : $"Pauser: {pauses.Count}.";
        foreach (var pause in pauses.OrderBy(pause => pause.From))
        {
            var until = pause.Until is { } end ? DanishFormat.DateTime(end) : "udskrivning";
            var reason = string.IsNullOrWhiteSpace(pause.Reason) ? "" : $": {pause.Reason}";
            yield return $"- {DanishFormat.DateTime(pause.From)} - {until}{reason}";
        }
    }
}
