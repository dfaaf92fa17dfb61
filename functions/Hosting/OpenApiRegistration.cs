using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// The OpenAPI document of every route the host maps, at <see cref="DocumentPath"/>, and in
/// Development an API reference page at <see cref="ReferencePath"/>.
/// </summary>
/// <remarks>
/// The document is served without a key, in every environment: it describes routes and shapes
/// (which design/api.md publishes anyway), holds no data and no key, and client generators and
/// gateways can fetch it without a secret. The reference page is Development only and works
/// offline: Scalar.AspNetCore serves its script from its own assembly, and the web fonts (a CDN),
/// telemetry and the hosted agent are switched off.
/// </remarks>
internal static class OpenApiRegistration
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "HaH.Orchestration",
                    Version = DocumentName,
                    Description = "Hospital-at-home admissions as durable workflows: start and change admissions, "
                        + "SMS replies from nurses, and (in Development) the virtual clock and outboxes. "
                        + "Errors are application/problem+json (RFC 9457). Routes under /api need an API key.",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<RequestProblemsTransformer>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("HaH.Orchestration API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(ApiKeySecurityTransformer.HeaderScheme)
                .AddApiKeyAuthentication(ApiKeySecurityTransformer.HeaderScheme, key => key.Value = Auth.DevelopmentKeys.Admin))
                .AllowAnonymous();
        }

        return app;
    }
}
