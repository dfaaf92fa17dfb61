using Microsoft.DurableTask;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;

namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>The orchestrators and activities of the hospital-at-home workflow, registered explicitly.</summary>
internal static class AdmissionTasks
{
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .AddOrchestrator<AdmissionOrchestrator>(AdmissionOrchestrator.Name)
            .AddOrchestrator<PhoneLineOrchestrator>(PhoneLineOrchestrator.Name)
            .AddActivity<ReadAdmissionSettingsActivity>(ReadAdmissionSettingsActivity.Name)
            .AddActivity<EnsurePhoneLineActivity>(EnsurePhoneLineActivity.Name)
            .AddActivity<SendSmsActivity>(SendSmsActivity.Name)
            .AddActivity<PublishIntegrationActivity>(PublishIntegrationActivity.Name);
    }
}
