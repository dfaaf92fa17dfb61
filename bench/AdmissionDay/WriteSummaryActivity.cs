using Microsoft.DurableTask;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>Stands in for writing the day's summary: counts it and returns it.</summary>
internal sealed class WriteSummaryActivity(AdmissionDayProbe probe) : TaskActivity<AdmissionDaySummary, AdmissionDaySummary>
{
    public const string Name = "WriteSummary";

    public override Task<AdmissionDaySummary> RunAsync(TaskActivityContext context, AdmissionDaySummary input)
    {
        ArgumentNullException.ThrowIfNull(input);
        probe.SummaryWritten(input);
        return Task.FromResult(input);
    }
}
