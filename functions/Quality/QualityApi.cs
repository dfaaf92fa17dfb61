using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace HaH.Orchestration.Functions.Quality;

/// <summary>The unit's quality figures for administrators (and the registration of the report and its metrics).</summary>
internal static class QualityApi
{
    public static WebApplicationBuilder AddQuality(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QualityReport>();
        builder.Services.AddSingleton<QualityMetrics>();
        return builder;
    }

    public static RouteGroupBuilder MapQuality(this IEndpointRouteBuilder app)
    {
        // Created with the app, so the gauges exist before an exporter first collects.
        app.ServiceProvider.GetRequiredService<QualityMetrics>();
        var group = app.MapGroup("/api/quality").RequireAuthorization(AuthRegistration.AdminPolicy).WithTags("Quality");
        group.MapGet("/", GetAsync).WithSummary("Doses on time, late, not given and missed; escalations per 100 bed-days; median time to acknowledge; bed-days");
        return group;
    }

    /// <summary><c>fresh=true</c> computes the figures now; otherwise they may be up to <see cref="QualityReport.MaxAge"/> old.</summary>
    internal static async Task<Ok<QualityFigures>> GetAsync(QualityReport report, DurableTaskClient client, bool? fresh, CancellationToken ct) =>
        TypedResults.Ok(await report.GetAsync(client, fresh == true ? TimeSpan.Zero : null, ct));
}
