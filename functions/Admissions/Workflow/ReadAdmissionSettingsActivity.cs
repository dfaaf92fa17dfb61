using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>Reads the escalation settings for a generation of an admission: settings are I/O, so an activity.</summary>
internal sealed class ReadAdmissionSettingsActivity(IOptionsMonitor<EscalationOptions> options) : TaskActivity<string, AdmissionSettings>
{
    public const string Name = nameof(ReadAdmissionSettingsActivity);

    public override Task<AdmissionSettings> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(options.CurrentValue.ToSettings());
}
