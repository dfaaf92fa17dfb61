using HaH.Orchestration.Durable.Diagnostics;
using HaH.Orchestration.Functions.Quality;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// OpenTelemetry spans and metrics for the runtime and the HTTP host; exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, otherwise collected but not sent anywhere.
/// </summary>
internal static class TelemetryRegistration
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("HaH.Orchestration"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(DurableTelemetry.Name).AddAspNetCoreInstrumentationIfAvailable();
                if (export)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(DurableTelemetry.Name, QualityMetrics.MeterName, "Microsoft.AspNetCore.Hosting");
                if (export)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return builder;
    }

    // ASP.NET Core's own spans come from its ActivitySource; listening to it needs no extra package.
    private static TracerProviderBuilder AddAspNetCoreInstrumentationIfAvailable(this TracerProviderBuilder tracing) =>
        tracing.AddSource("Microsoft.AspNetCore");
}
