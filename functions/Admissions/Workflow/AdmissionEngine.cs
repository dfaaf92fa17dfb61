using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>
/// The admission workflow as a pure state machine: <see cref="Advance"/> acts on everything due
/// by a given time, <see cref="Handle"/> applies a signal, and both leave the I/O to do as
/// <see cref="AdmissionCommand"/>s. The orchestration only waits (<see cref="NextWakeUp"/> or a
/// signal) and carries the commands out, so every rule of admission.md lives here and is tested
/// without storage.
/// </summary>
internal sealed partial class AdmissionEngine(AdmissionState state)
{
    /// <summary>The most ward rounds kept for one Danish calendar day: a daily round, with room for corrections.</summary>
    public const int RoundsPerDay = 10;

    /// <summary>Level 2 follows level 1, and "unresolved" follows level 2, after this long.</summary>
    public static readonly TimeSpan LadderStep = TimeSpan.FromMinutes(15);

    private readonly List<AdmissionCommand> _commands = [];

    public AdmissionState State => state;

    /// <summary>The commands produced since the last call, in order.</summary>
    public IReadOnlyList<AdmissionCommand> TakeCommands()
    {
        var taken = _commands.ToArray();
        _commands.Clear();
        return taken;
    }

    /// <summary>Acts on everything due at or before <paramref name="now"/>.</summary>
    public void Advance(DateTimeOffset now)
    {
        if (state.Phase == AdmissionPhase.Discharged)
        {
            return;
        }

        if (state.Phase == AdmissionPhase.Discharging)
        {
            // Discharged now: no window closes and no ladder climbs any more.
            Discharge(now, state.DischargeReason);
            return;
        }

        // The plan as it stands (after a change, before its reminders), a week ahead.
        PlanVisits(now);
        SendDueReminders(now);
        CloseWindows(now);
        ClimbLadders(now);
        ManageMedicine(now);
        if (state.Phase == AdmissionPhase.Treatment && TreatmentIsOver)
        {
            Discharge(now, state.DischargeReason);
        }
    }

    /// <summary>The next time something is due, or null when only a signal can change anything.</summary>
    public DateTimeOffset? NextWakeUp()
    {
        if (state.Phase == AdmissionPhase.Discharged)
        {
            return null;
        }

        var times = new List<DateTimeOffset?>
        {
            state.Phase == AdmissionPhase.Treatment ? state.NextDueAt - state.Settings.ReminderLead : null,
            NextMedicineDeadline(),
        };
        foreach (var visit in state.Visits)
        {
            if (visit.State == VisitState.Reminded && visit.Escalation is null)
            {
                times.Add(visit.WindowClosesAt);
            }

            times.Add(NextLadderStep(visit.Escalation));
        }

        return times.Where(time => time is not null).Min();
    }

    /// <summary>
    /// A message to another system failed after every retry, or was rejected before sending
    /// (<paramref name="problem"/> says why, e.g. a letter that is not valid FHIR). It becomes an open
    /// alert for the eHospital to send it by hand; the workflow goes on (a medicine order that never
    /// arrives is also escalated as a missing delivery before the supply runs out).
    /// </summary>
    public void RecordPublishFailure(string messageId, string type, DateTimeOffset now, string? problem = null)
    {
        if (state.PublishFailures.All(f => f.MessageId != messageId))
        {
            state.PublishFailures.Add(new PublishFailure(messageId, type, now) { Problem = problem });
            if (type == DischargeLetterType)
            {
                state.LetterSentAt = null;
            }
        }
    }

    /// <summary>True when no visit is to come and every visit is settled.</summary>
    private bool TreatmentIsOver => state.NextDueAt is null && state.Visits.All(visit => visit.IsSettled);

    private void Send(AdmissionCommand command) => _commands.Add(command);

    private string LocalTime(DateTimeOffset instant) => DanishTime.ToZoned(instant).TimeOfDay.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
