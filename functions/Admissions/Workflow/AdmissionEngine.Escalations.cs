using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>The escalation ladder: level 1 by the clock, level 2, then unresolved without more SMS.</summary>
internal sealed partial class AdmissionEngine
{
    private EscalationLadder StartLadder(string ownerItemId, EscalationReasonKind reason, string? notGivenReason, AlarmSubject subject, DateTimeOffset now)
    {
        var ladder = new EscalationLadder { Reason = reason, StartedAt = now, NotGivenReason = notGivenReason, Subject = subject, OwnerItemId = ownerItemId };
        // Level 1: the eHospital nurse within her hours, otherwise the eHospital doctor.
        var nurseOnDuty = IsNurseOnDuty(now);
        Escalate(ladder, 1, nurseOnDuty ? CareRole.ENurse : CareRole.EDoctor, now);
        return ladder;
    }

    private void ClimbLadders(DateTimeOffset now)
    {
        foreach (var ladder in Ladders().Where(l => l.IsActive))
        {
            var last = ladder.Sent.Max(sent => sent.At);
            if (now < last + LadderStep)
            {
                continue;
            }

            if (ladder.Level == 1)
            {
                // Level 2: the eHospital doctor; and the mobile unit too when level 1 already was the doctor.
                var levelOneWasDoctor = ladder.Sent.Any(sent => sent.Role == CareRole.EDoctor);
                Escalate(ladder, 2, CareRole.EDoctor, now);
                if (levelOneWasDoctor)
                {
                    Escalate(ladder, 2, CareRole.MobileUnit, now);
                }
            }
            else
            {
                // Still unacknowledged: an open alert, and no more SMS for it (no alarm storm).
                ladder.UnresolvedAt = now;
                if (state.Visits.FirstOrDefault(v => v.Escalation == ladder) is { State: VisitState.Reminded } visit)
                {
                    visit.State = VisitState.Unresolved;
                }
            }
        }
    }

    private static DateTimeOffset? NextLadderStep(EscalationLadder? ladder) =>
        ladder is { IsActive: true } ? ladder.Sent.Max(sent => sent.At) + LadderStep : null;

    private void Escalate(EscalationLadder ladder, int level, CareRole role, DateTimeOffset now)
    {
        var phone = role switch
        {
            CareRole.ENurse => state.Settings.NursePhone,
            CareRole.EDoctor => state.Settings.DoctorPhone,
            CareRole.MobileUnit => state.Plan.CareTeam.MobileUnit.Phone,
            _ => state.Plan.CareTeam.HomeNursing.Phone,
        };
        var escalation = new Escalation
        {
            Level = level,
            Role = role,
            Phone = phone,
            ItemId = $"{ladder.OwnerItemId}-e{level}-{role.ToString().ToLowerInvariant()}",
            At = now,
        };
        ladder.Sent.Add(escalation);
        ladder.Level = level;
        Send(new OpenSmsItem(phone, escalation.ItemId, SmsTexts.Escalation(
            level,
            ladder.Reason,
            ladder.Subject.Drug,
            ladder.Subject.DueAt,
            state.Plan.PatientInitials,
            state.Plan.Patient.Municipality,
            SmsItemCode.Placeholder,
            now,
            ladder.NotGivenReason)));
    }

    /// <summary>An escalated person answered OK: the ladder stops; the others no longer need to answer.</summary>
    private void Acknowledge(EscalationLadder ladder, Escalation escalation, DateTimeOffset at, string replyId)
    {
        escalation.AcknowledgedAt = at;
        escalation.Closed = true;
        CloseLadderAsAcknowledged(ladder, at, $"sms:{ViewVisit.CamelCase(escalation.Role.ToString())}");
        Send(new SendSms(escalation.Phone, SmsTexts.ReceiptAcknowledged(ladder.Subject.DueAt, state.Plan.PatientInitials, at), $"{replyId}:receipt"));
    }

    /// <summary>
    /// Someone at the eHospital acknowledged the alarm on the dashboard: the ladder stops as if an
    /// escalated person had answered OK, and everyone it texted hears that it is handled, so that
    /// nobody acts on it twice. An alarm already acknowledged or resolved stays as it is.
    /// </summary>
    private void AcknowledgeOnDashboard(AcknowledgeAlarm acknowledge, DateTimeOffset now)
    {
        var ladder = Ladders().FirstOrDefault(l => l.OwnerItemId == acknowledge.ItemId);
        if (ladder is null || ladder.AcknowledgedAt is not null || ladder.ResolvedAt is not null)
        {
            return;
        }

        CloseLadderAsAcknowledged(ladder, now, acknowledge.By);
        var text = SmsTexts.AcknowledgedByEHospital(ladder.Subject.DueAt, state.Plan.PatientInitials, now);
        // One SMS per phone, named by the first item it had (message ids never carry a number).
        foreach (var sent in ladder.Sent.DistinctBy(sent => sent.Phone, StringComparer.Ordinal))
        {
            Send(new SendSms(sent.Phone, text, $"{acknowledge.Id}:acknowledged:{sent.ItemId}"));
        }
    }

    private void CloseLadderAsAcknowledged(EscalationLadder ladder, DateTimeOffset at, string by)
    {
        if (ladder.AcknowledgedAt is null)
        {
            ladder.AcknowledgedAt = at;
            ladder.AcknowledgedBy = by;
        }

        CloseOpenItems(ladder);
        if (state.Visits.FirstOrDefault(v => v.Escalation == ladder) is { State: VisitState.Reminded or VisitState.Unresolved } visit)
        {
            visit.State = VisitState.Missed;
        }
    }

    /// <summary>The cause went away (late confirmation, late delivery): everyone escalated hears it is resolved.</summary>
    private void ResolveLadder(EscalationLadder ladder, DateTimeOffset now, string text, string causeId)
    {
        ladder.ResolvedAt ??= now;
        CloseOpenItems(ladder);
        foreach (var sent in ladder.Sent.DistinctBy(sent => sent.Phone, StringComparer.Ordinal))
        {
            Send(new SendSms(sent.Phone, text, $"{causeId}:resolved:{sent.ItemId}"));
        }
    }

    private void CloseOpenItems(EscalationLadder ladder)
    {
        foreach (var sent in ladder.Sent.Where(sent => !sent.Closed))
        {
            sent.Closed = true;
            Send(new CloseSmsItem(sent.Phone, sent.ItemId));
        }
    }

    private IEnumerable<EscalationLadder> Ladders() =>
        state.Visits.Select(v => v.Escalation).Concat(state.Orders.Select(o => o.Escalation)).OfType<EscalationLadder>();

    private bool IsNurseOnDuty(DateTimeOffset now)
    {
        var local = DanishTime.ToZoned(now).TimeOfDay;
        var time = new TimeOnly(local.Hour, local.Minute, local.Second);
        return time >= state.Settings.NurseFrom && time < state.Settings.NurseTo;
    }
}

/// <summary>What an escalation is about: the drug and the dose time it concerns.</summary>
internal sealed record AlarmSubject(string Drug, DateTimeOffset DueAt);
