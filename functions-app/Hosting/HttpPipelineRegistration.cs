using HaH.Orchestration.FunctionsApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// The worker middleware every HTTP invocation passes, in the standalone host's pipeline order:
/// the client's address from the trusted proxies' headers, the function's endpoint metadata, the
/// key and role check, the body limit. Orchestration and activity triggers pass untouched.
/// </summary>
internal static class HttpPipelineRegistration
{
    public static FunctionsApplicationBuilder AddHttpPipeline(this FunctionsApplicationBuilder builder)
    {
        builder.AddApiKeyServices();
        builder.UseMiddleware<ForwardedClientMiddleware>();
        builder.UseMiddleware<FunctionEndpointMiddleware>();
        builder.UseMiddleware<ApiKeyMiddleware>();
        builder.UseMiddleware<RequestBodyLimitMiddleware>();
        return builder;
    }
}
