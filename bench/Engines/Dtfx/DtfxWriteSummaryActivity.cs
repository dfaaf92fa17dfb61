using DurableTask.Core;
using HaH.Orchestration.Bench.AdmissionDay;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>The peer's <see cref="WriteSummaryActivity"/>: the same probe call.</summary>
internal sealed class DtfxWriteSummaryActivity(AdmissionDayProbe probe) : AsyncTaskActivity<AdmissionDaySummary, AdmissionDaySummary>
{
    protected override Task<AdmissionDaySummary> ExecuteAsync(TaskContext context, AdmissionDaySummary input)
    {
        ArgumentNullException.ThrowIfNull(input);
        probe.SummaryWritten(input);
        return Task.FromResult(input);
    }
}
