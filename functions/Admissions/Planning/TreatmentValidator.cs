using NodaTime;
using NodaTime.Text;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>The <c>treatment</c> part of <see cref="AdmissionValidator"/>.</summary>
internal static class TreatmentValidator
{
    /// <summary>The longest treatment, by duration or end date.</summary>
    public const int MaxDurationDays = 90;

    /// <summary>
    /// How far ahead a first dose may be planned: far beyond any real admission, near enough that
    /// date arithmetic on it cannot overflow.
    /// </summary>
    public static readonly TimeSpan MaxFirstDoseAhead = TimeSpan.FromDays(365);

    private static readonly string[] AccessTypes = ["PVK", "CVK", "Midline", "PICC", "Port"];

    private static readonly OffsetDateTimePattern[] InstantPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];

    public static TreatmentPlan? Validate(ValidationErrors errors, TreatmentRequest? treatment, DateTimeOffset now, TimeSpan firstDoseGrace)
    {
        if (treatment is null)
        {
            errors.Add("treatment", "Required.");
            return null;
        }

        var drug = errors.RequiredText("treatment.drug", treatment.Drug);
        var dose = errors.RequiredText("treatment.dose", treatment.Dose);
        var route = Route(errors, treatment.Route);
        var access = AccessType(errors, treatment.AccessType);
        var timesPerDay = TimesPerDay(errors, treatment.TimesPerDay);
        var schedule = Schedule(errors, treatment.Schedule);
        var clockTimes = ClockTimes(errors, schedule, treatment.ClockTimes, timesPerDay);
        var firstDose = FirstDose(errors, treatment.FirstDoseAt, now, firstDoseGrace);
        var suppliedDays = SuppliedDays(errors, treatment.SuppliedDays);

        // For a clock schedule the first dose must be one of its doses, so that a duration of N days
        // is exactly N × timesPerDay doses and no dose lands an hour after the first.
        LocalTime? firstClockTime = null;
        if (schedule == ScheduleKind.Clock && clockTimes is not null && firstDose is { } first)
        {
            var date = DanishTime.DateOf(first);
            firstClockTime = clockTimes.Where(time => DanishTime.At(date, time) == first).Cast<LocalTime?>().FirstOrDefault();
            if (firstClockTime is null)
            {
                errors.Add("treatment.firstDoseAt", "With schedule \"clock\" the first dose must be at one of treatment.clockTimes (Danish local time).");
            }
        }

        var end = End(errors, treatment, firstDose, schedule, firstClockTime);
        if (drug is null || dose is null || route is null || access is null || timesPerDay is null || schedule is null
            || firstDose is null || suppliedDays is null || end is null
            || (schedule == ScheduleKind.Clock && (clockTimes is null || firstClockTime is null)))
        {
            return null;
        }

        return new TreatmentPlan(
            drug, dose, route, access, timesPerDay.Value, DanishTime.Normalise(firstDose.Value), end.Value.EndsAt,
            end.Value.DurationDays, end.Value.EndDate, suppliedDays.Value, schedule.Value, clockTimes ?? []);
    }

    private static string? Route(ValidationErrors errors, string? value)
    {
        var route = errors.RequiredText("treatment.route", value);
        if (route is null || route.Equals("IV", StringComparison.OrdinalIgnoreCase))
        {
            return route is null ? null : "IV";
        }

        errors.Add("treatment.route", "Must be \"IV\": home admissions here give intravenous treatment only.");
        return null;
    }

    private static string? AccessType(ValidationErrors errors, string? value)
    {
        var text = errors.RequiredText("treatment.accessType", value);
        if (text is null)
        {
            return null;
        }

        var known = AccessTypes.FirstOrDefault(type => type.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            errors.Add("treatment.accessType", $"Must be one of {string.Join(", ", AccessTypes)}.");
        }

        return known;
    }

    private static int? TimesPerDay(ValidationErrors errors, int? value)
    {
        switch (value)
        {
            case null:
                errors.Add("treatment.timesPerDay", "Required.");
                return null;
            case < 1 or > 4:
                errors.Add("treatment.timesPerDay", $"Must be 1–4 doses a day; got {value}.");
                return null;
            default:
                return value;
        }
    }

    private static ScheduleKind? Schedule(ValidationErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("interval", StringComparison.OrdinalIgnoreCase))
        {
            return ScheduleKind.Interval;
        }

        if (value.Trim().Equals("clock", StringComparison.OrdinalIgnoreCase))
        {
            return ScheduleKind.Clock;
        }

        errors.Add("treatment.schedule", "Must be \"interval\" (the default) or \"clock\".");
        return null;
    }

    private static List<LocalTime>? ClockTimes(ValidationErrors errors, ScheduleKind? schedule, IReadOnlyList<string?>? values, int? timesPerDay)
    {
        const string path = "treatment.clockTimes";
        if (schedule != ScheduleKind.Clock)
        {
            if (schedule == ScheduleKind.Interval && values is { Count: > 0 })
            {
                errors.Add(path, "Only with schedule \"clock\"; an interval schedule spaces doses from the first dose.");
            }

            return null;
        }

        if (values is null || values.Count == 0)
        {
            errors.Add(path, "Required with schedule \"clock\": one \"HH:mm\" local time per dose of the day.");
            return null;
        }

        var times = new List<LocalTime>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var parsed = ClockTimesJsonConverter.Pattern.Parse(values[i]?.Trim() ?? "");
            if (parsed.Success)
            {
                times.Add(parsed.Value);
            }
            else
            {
                errors.Add($"{path}[{i}]", "Must be a local time \"HH:mm\", e.g. \"08:00\".");
            }
        }

        var valid = times.Count == values.Count;
        if (times.Distinct().Count() != times.Count)
        {
            errors.Add(path, "Each clock time may appear only once.");
            valid = false;
        }

        if (timesPerDay is not null && values.Count != timesPerDay)
        {
            errors.Add(path, $"Must hold one time per dose: {timesPerDay} for timesPerDay {timesPerDay}; got {values.Count}.");
            valid = false;
        }

        return valid ? [.. times.Order()] : null;
    }

    private static DateTimeOffset? FirstDose(ValidationErrors errors, string? value, DateTimeOffset now, TimeSpan grace)
    {
        const string path = "treatment.firstDoseAt";
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, "Required.");
            return null;
        }

        var parsed = InstantPatterns.Select(pattern => pattern.Parse(value.Trim())).FirstOrDefault(result => result.Success);
        if (parsed is null)
        {
            errors.Add(path, "Must be an ISO 8601 date and time with an offset, e.g. \"2026-03-28T14:00:00+01:00\".");
            return null;
        }

        // Compared as UTC before any local conversion: a far past or future year stays harmless.
        var first = parsed.Value.ToInstant().ToDateTimeOffset();
        if (first < now - grace)
        {
            errors.Add(path, $"Is in the past by more than the allowed {grace.TotalMinutes:0} minutes.");
            return null;
        }

        if (first > now + MaxFirstDoseAhead)
        {
            errors.Add(path, $"Is more than {MaxFirstDoseAhead.TotalDays:0} days ahead.");
            return null;
        }

        return first;
    }

    private static int? SuppliedDays(ValidationErrors errors, int? value)
    {
        if (value is < 1)
        {
            errors.Add("treatment.suppliedDays", $"Must be at least 1 day of medicine; got {value}.");
            return null;
        }

        return value ?? 7;
    }

    private static (DateTimeOffset EndsAt, int? DurationDays, DateOnly? EndDate)? End(
        ValidationErrors errors, TreatmentRequest treatment, DateTimeOffset? firstDose, ScheduleKind? schedule, LocalTime? firstClockTime)
    {
        var hasEndDate = !string.IsNullOrWhiteSpace(treatment.EndDate);
        if (treatment.DurationDays is null == !hasEndDate)
        {
            var message = hasEndDate
                ? "Give either durationDays or endDate, not both."
                : "Required: give durationDays or endDate.";
            errors.Add("treatment.durationDays", message);
            errors.Add("treatment.endDate", message);
            return null;
        }

        if (treatment.DurationDays is { } days)
        {
            if (days is < 1 or > MaxDurationDays)
            {
                errors.Add("treatment.durationDays", $"Must be 1–{MaxDurationDays} days; got {days}.");
                return null;
            }

            if (firstDose is not { } first || schedule is null)
            {
                return null;
            }

            // Interval: elapsed days, so N days hold exactly N × timesPerDay doses even across DST.
            // Clock: the first dose's clock time N local days later, for the same reason.
            if (schedule == ScheduleKind.Interval)
            {
                return (DanishTime.Normalise(first + TimeSpan.FromDays(days)), days, null);
            }

            return firstClockTime is { } time ? (DanishTime.At(DanishTime.DateOf(first).PlusDays(days), time), days, null) : null;
        }

        var parsed = LocalDatePattern.Iso.Parse(treatment.EndDate!.Trim());
        if (!parsed.Success)
        {
            errors.Add("treatment.endDate", "Must be a date \"yyyy-MM-dd\".");
            return null;
        }

        if (firstDose is not { } firstAt)
        {
            return null;
        }

        // The end date is the last day of treatment: doses are due until 00:00 local the day after.
        var endDate = parsed.Value;
        var firstDate = DanishTime.DateOf(firstAt);
        if (endDate < firstDate)
        {
            errors.Add("treatment.endDate", "Must not be before the day of the first dose (it is the last day of treatment).");
            return null;
        }

        if (endDate > firstDate.PlusDays(MaxDurationDays))
        {
            errors.Add("treatment.endDate", $"Must be at most {MaxDurationDays} days after the day of the first dose.");
            return null;
        }

        return (DosingSchedule.EndOfLastDay(endDate.ToDateOnly()), null, endDate.ToDateOnly());
    }
}
