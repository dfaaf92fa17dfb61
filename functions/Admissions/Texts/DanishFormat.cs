using HaH.Orchestration.Functions.Admissions.Planning;
using NodaTime;
using NodaTime.Text;

namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>
/// How times and dates read in Danish texts: always Danish local time, whatever offset the instant
/// carries, and without culture data (the host may run with invariant globalisation).
/// </summary>
internal static class DanishFormat
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    private static readonly string[] Months =
    [
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ];

    /// <summary>"14:00".</summary>
    public static string Time(DateTimeOffset at) => TimePattern.Format(DanishTime.ToZoned(at).TimeOfDay);

    /// <summary>"29/3".</summary>
    public static string DayMonth(LocalDate date) => $"{date.Day}/{date.Month}";

    /// <summary>"29/3 kl. 14:00".</summary>
    public static string DateTime(DateTimeOffset at) => $"{DayMonth(DanishTime.DateOf(at))} kl. {Time(at)}";

    /// <summary>"kl. 14:00" when <paramref name="at"/> is on the local date of <paramref name="now"/>, else "29/3 kl. 14:00".</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now) =>
        DanishTime.DateOf(at) == DanishTime.DateOf(now) ? $"kl. {Time(at)}" : DateTime(at);

    /// <summary>"28. marts 2026".</summary>
    public static string LongDate(LocalDate date) => $"{date.Day}. {Months[date.Month - 1]} {date.Year}";
}
