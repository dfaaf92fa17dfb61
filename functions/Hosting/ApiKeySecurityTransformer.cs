using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// Declares the API key (header <c>x-api-key</c>, and query <c>code</c> where a route takes it) as
/// the document's security schemes, and on every operation that requires authorization: the key
/// requirement, the roles that may call it, and its 401 and 403 problem answers.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string HeaderScheme = "apiKeyHeader";
    public const string QueryScheme = "apiKeyQuery";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.HeaderName,
            Description = "An API key; its role (integrator, sms, admin) decides which routes it may call.",
        };
        document.Components.SecuritySchemes[QueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = ApiKeyAuthentication.QueryName,
            Description = "The same key as a query parameter, only for callers that cannot set headers: accepted on /api/sms/events "
                + "(Event Grid puts it in the subscription's URL) and under /runtime/webhooks/durabletask (Durable Functions' clients "
                + "carry it in their management URLs); ignored on every other route, so that no key lands in a browser history or a log.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        // Either scheme will do where both count: two requirements, not one with both.
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] });
        if (KeyInQuery.IsAccepted(metadata))
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(QueryScheme, context.Document)] = [] });
        }

        var roles = policies.Select(policy => policy.Policy ?? policy.Roles).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count > 0)
        {
            var who = $"Needs a key with role {string.Join(" or ", roles)}" + (roles.Contains(Roles.Admin) ? "." : " (or admin).");
            operation.Description = operation.Description is { Length: > 0 } described ? $"{described}\n\n{who}" : who;
        }

        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", ProblemResponse("No API key, or an unknown one.", problem));
        operation.Responses.TryAdd("403", ProblemResponse("The key's role may not call this route.", problem));
    }

    internal static OpenApiResponse ProblemResponse(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
    };
}
