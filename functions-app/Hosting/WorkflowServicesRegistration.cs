using HaH.Orchestration.Functions.Admissions;
using Microsoft.Azure.Functions.Worker.Builder;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// What the shared activities resolve: the same registration the standalone host makes
/// (<see cref="AdmissionServices.AddAdmissionActivityServices"/>), so settings names, validation on
/// start and the choice of SMS sender and integration channel are the standalone host's; and the
/// idempotency keys of the admission routes.
/// </summary>
internal static class WorkflowServicesRegistration
{
    public static FunctionsApplicationBuilder AddWorkflowServices(this FunctionsApplicationBuilder builder)
    {
        builder.AddAdmissionActivityServices();
        builder.AddIdempotencyKeys();
        return builder;
    }
}
