using DurableTask.Core;
using HaH.Orchestration.Bench.AdmissionDay;

namespace HaH.Orchestration.Bench.Engines.Dtfx;

/// <summary>The peer's <see cref="SendVisitSmsActivity"/>: the same probe call.</summary>
internal sealed class DtfxSendVisitSmsActivity(AdmissionDayProbe probe) : AsyncTaskActivity<VisitSms, string>
{
    protected override Task<string> ExecuteAsync(TaskContext context, VisitSms input)
    {
        ArgumentNullException.ThrowIfNull(input);
        probe.SmsSent(input.AdmissionId, input.Visit);
        return Task.FromResult($"{input.AdmissionId}:v{input.Visit}");
    }
}
