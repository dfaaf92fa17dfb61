using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.FunctionsApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// The standalone host's API keys (<c>Auth:Keys:*</c>, the same settings), role policies and problem
/// answers, enforced by <see cref="ApiKeyMiddleware"/>. The HTTP functions are anonymous to the
/// Functions host so that one key scheme, the app's, decides.
/// </summary>
internal static class ApiKeyRegistration
{
    public static FunctionsApplicationBuilder AddApiKeyMiddleware(this FunctionsApplicationBuilder builder)
    {
        builder.AddApiKeyServices();
        builder.UseMiddleware<ApiKeyMiddleware>();
        return builder;
    }

    /// <summary>The services <see cref="ApiKeyGate"/> uses (also what the tests build it with).</summary>
    public static TBuilder AddApiKeyServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddApiKeys();
        builder.AddProblemResponses();
        return builder;
    }
}
