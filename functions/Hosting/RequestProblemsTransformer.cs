using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// The problem answers every operation with a JSON body can give before its handler runs:
/// malformed JSON (400), a body over the route's limit (413), a body that is not JSON (415).
/// </summary>
internal sealed class RequestProblemsTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.RequestBody is null)
        {
            return;
        }

        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        var limit = context.Description.ActionDescriptor.EndpointMetadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize;
        operation.Responses ??= [];
        operation.Responses.TryAdd("400", ApiKeySecurityTransformer.ProblemResponse("Malformed JSON or a wrong JSON type; errors names the field.", problem));
        operation.Responses.TryAdd("413", ApiKeySecurityTransformer.ProblemResponse(
            limit is null ? "The body is too large." : $"The body is larger than {limit} bytes.", problem));
        operation.Responses.TryAdd("415", ApiKeySecurityTransformer.ProblemResponse("The body is not application/json.", problem));
    }
}
