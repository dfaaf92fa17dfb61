using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.FunctionsApp.Workflow;

/// <summary>
/// One activity trigger per shared activity, under the name the standalone host registers it with.
/// The input arrives deserialized with the app's payload options; the shared class does the work.
/// </summary>
internal sealed class ActivityFunctions
{
    [Function(ReadAdmissionSettingsActivity.Name)]
    public Task<AdmissionSettings> ReadAdmissionSettingsAsync([ActivityTrigger] string admissionId, FunctionContext function) =>
        SharedTasks.Create<ReadAdmissionSettingsActivity>(function).RunAsync(new FunctionsActivityContext(function), admissionId);

    // The standalone host's activity gets its client from DI; Durable Functions binds one per invocation instead.
    [Function(EnsurePhoneLineActivity.Name)]
    public Task<string> EnsurePhoneLineAsync([ActivityTrigger] string phone, [DurableClient] DurableTaskClient client, FunctionContext function) =>
        SharedTasks.Create<EnsurePhoneLineActivity>(function, client).RunAsync(new FunctionsActivityContext(function), phone);

    [Function(SendSmsActivity.Name)]
    public Task<SmsSendResult> SendSmsAsync([ActivityTrigger] OutgoingSms sms, FunctionContext function) =>
        SharedTasks.Create<SendSmsActivity>(function).RunAsync(new FunctionsActivityContext(function), sms);

    [Function(PublishIntegrationActivity.Name)]
    public Task<bool> PublishIntegrationAsync([ActivityTrigger] IntegrationMessage message, FunctionContext function) =>
        SharedTasks.Create<PublishIntegrationActivity>(function).RunAsync(new FunctionsActivityContext(function), message);
}
