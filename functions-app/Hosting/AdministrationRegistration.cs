using HaH.Orchestration.Functions.Health;
using HaH.Orchestration.Functions.Quality;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// What the health and quality functions use: the standalone host's storage check, and one
/// <see cref="QualityReport"/> per process. The standalone host's quality gauges (OpenTelemetry) are not
/// registered: they compute in the background, and here a <c>DurableTaskClient</c> exists only inside an invocation.
/// </summary>
internal static class AdministrationRegistration
{
    public static FunctionsApplicationBuilder AddAdministration(this FunctionsApplicationBuilder builder)
    {
        builder.AddHealth();
        builder.Services.AddSingleton<QualityReport>();
        return builder;
    }
}
