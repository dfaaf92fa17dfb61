using HaH.Orchestration.Functions.Admissions.Texts;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace HaH.Orchestration.FunctionsApp.Workflow;

/// <summary>
/// One orchestration trigger per shared orchestrator, under the name the standalone host registers it
/// with. Each only hands Durable Functions' context to the shared class: the workflow is written once.
/// </summary>
internal sealed class OrchestratorFunctions
{
    [Function(AdmissionOrchestrator.Name)]
    public Task<DischargeSummary?> RunAdmissionAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        SharedTasks.Create<AdmissionOrchestrator>(function).RunAsync(context, Input<AdmissionState>(context));

    [Function(PhoneLineOrchestrator.Name)]
    public Task<object?> RunPhoneLineAsync([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext function) =>
        SharedTasks.Create<PhoneLineOrchestrator>(function).RunAsync(context, Input<PhoneLineState>(context));

    // The shared orchestrators take their input as a parameter; a missing one is the caller's error, named.
    private static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException(
            $"Orchestration '{context.Name}' ({context.InstanceId}) was started without its {typeof(T).Name} input.");
}
