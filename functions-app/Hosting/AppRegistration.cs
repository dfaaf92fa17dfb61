using Microsoft.Azure.Functions.Worker.Builder;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>Everything the app adds to the Functions worker (Program.cs; the tests build the same).</summary>
internal static class AppRegistration
{
    public static FunctionsApplicationBuilder AddHospitalAtHome(this FunctionsApplicationBuilder builder)
    {
        builder.UseAppPayloads();
        builder.AddAppStorage();
        builder.AddWorkflowServices();
        builder.AddPublicLinks();
        builder.AddHttpPipeline();
        builder.AddAdministration();
        return builder;
    }
}
