using NodaTime;
using NodaTime.TimeZones;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>
/// Danish local time (<c>Europe/Copenhagen</c>) and the one rule for local times that do not map
/// to exactly one instant. Every time a person reads is local; every instant the planning returns
/// carries the Copenhagen offset of that instant so that stored histories read naturally.
/// </summary>
internal static class DanishTime
{
    /// <summary>The zone every admission lives in.</summary>
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Europe/Copenhagen"];

    /// <summary>
    /// A local time skipped by the spring-forward change moves forward by the length of the gap
    /// (02:30 becomes 03:30); an autumn time that occurs twice means its first occurrence (summer
    /// time) — the dose is never pushed an extra hour later than the clock time asked for.
    /// </summary>
    public static ZoneLocalMappingResolver Resolver { get; } =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnForwardShifted);

    /// <summary>The instant at a local date and time, resolved by <see cref="Resolver"/>.</summary>
    public static DateTimeOffset At(LocalDate date, LocalTime time) =>
        Zone.ResolveLocal(date.At(time), Resolver).ToDateTimeOffset();

    /// <summary>00:00 local on <paramref name="date"/> (or the first instant of that day).</summary>
    public static DateTimeOffset StartOfDay(LocalDate date) => Zone.AtStartOfDay(date).ToDateTimeOffset();

    /// <summary>The instant as Danish local date and time.</summary>
    public static ZonedDateTime ToZoned(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone);

    /// <summary>The Danish local date of the instant.</summary>
    public static LocalDate DateOf(DateTimeOffset instant) => ToZoned(instant).Date;

    /// <summary>The same instant, expressed with its Copenhagen offset.</summary>
    public static DateTimeOffset Normalise(DateTimeOffset instant) => ToZoned(instant).ToDateTimeOffset();
}
