using Microsoft.DurableTask;

namespace HaH.Orchestration.Functions.Shared;

/// <summary>The orchestration's time as the rest of the app keeps time: a <see cref="DateTimeOffset"/> in UTC.</summary>
internal static class OrchestrationClock
{
    /// <summary>The step's time (deterministic on replay).</summary>
    public static DateTimeOffset Now(this TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
    }
}
