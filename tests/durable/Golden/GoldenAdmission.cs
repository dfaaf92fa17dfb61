using Microsoft.DurableTask;

namespace HaH.Orchestration.Durable.Tests.Golden;

/// <summary>
/// A sample admission day, shaped like the real one, whose histories are checked in under
/// <c>Histories/</c>: assign the care team (a sub-orchestration), then for each visit send a
/// reminder SMS and wait up to ten minutes for the patient's confirmation, escalating when it
/// does not come; finally write the day's summary.
/// </summary>
internal class GoldenAdmission : TaskOrchestrator<AdmissionDay, string>
{
    public static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromMinutes(10);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, AdmissionDay input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new AdmissionStatus("assigning care team", 0, input.Visits));
        var careTeam = await context.CallSubOrchestratorAsync<string>(
            nameof(GoldenCareTeam), input.PatientId, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-care-team" });

        var outcomes = new List<string>();
        for (var visit = 1; visit <= input.Visits; visit++)
        {
            context.SetCustomStatus(new AdmissionStatus("waiting for confirmation", visit, input.Visits));
            var reminder = new VisitReminder(input.PatientId, visit);
            await SendReminderAsync(context, reminder);
            try
            {
                var answer = await context.WaitForExternalEvent<string>("VisitConfirmed", ConfirmationTimeout);
                outcomes.Add($"visit {visit} confirmed ({answer})");
            }
            catch (OperationCanceledException)
            {
                // The SDK ends a wait with a time-out by cancelling it.
                var escalation = await context.CallActivityAsync<string>("Escalate", reminder);
                outcomes.Add($"visit {visit} escalated ({escalation})");
            }
        }

        context.SetCustomStatus(new AdmissionStatus("writing summary", input.Visits, input.Visits));
        return await context.CallActivityAsync<string>("WriteSummary", $"{careTeam}; {string.Join("; ", outcomes)}");
    }

    /// <summary>How a visit reminder goes out; the golden test's changed orchestrators override it.</summary>
    protected virtual Task<string> SendReminderAsync(TaskOrchestrationContext context, VisitReminder reminder) =>
        context.CallActivityAsync<string>("SendVisitSms", reminder);
}

/// <summary>The input of <see cref="GoldenAdmission"/>.</summary>
internal sealed record AdmissionDay(string PatientId, int Visits);

/// <summary>The input of the reminder and escalation activities.</summary>
internal sealed record VisitReminder(string PatientId, int Visit);

/// <summary>The custom status of <see cref="GoldenAdmission"/>.</summary>
internal sealed record AdmissionStatus(string Stage, int Visit, int Visits);
