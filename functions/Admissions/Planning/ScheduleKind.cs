using System.Text.Json.Serialization;

namespace HaH.Orchestration.Functions.Admissions.Planning;

/// <summary>How doses are spread over the day.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
internal enum ScheduleKind
{
    /// <summary>Every <c>24 h / timesPerDay</c> of elapsed time from an anchor dose.</summary>
    Interval,

    /// <summary>Fixed Danish local clock times each day.</summary>
    Clock,
}
