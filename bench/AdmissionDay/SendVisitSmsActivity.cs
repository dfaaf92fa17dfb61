using Microsoft.DurableTask;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>Stands in for sending a visit's SMS: tells the driver, which confirms the visit at once.</summary>
internal sealed class SendVisitSmsActivity(AdmissionDayProbe probe) : TaskActivity<VisitSms, string>
{
    public const string Name = "SendVisitSms";

    public override Task<string> RunAsync(TaskActivityContext context, VisitSms input)
    {
        ArgumentNullException.ThrowIfNull(input);
        probe.SmsSent(input.AdmissionId, input.Visit);
        return Task.FromResult($"{input.AdmissionId}:v{input.Visit}");
    }
}
