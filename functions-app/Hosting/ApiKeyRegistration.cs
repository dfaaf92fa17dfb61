using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.FunctionsApp.Http;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// The standalone host's API keys (<c>Auth:Keys:*</c>, the same settings), role policies and problem
/// answers, which <see cref="ApiKeyMiddleware"/> enforces. The HTTP functions are anonymous to the
/// Functions host so that one key scheme, the app's, decides.
/// </summary>
internal static class ApiKeyRegistration
{
    /// <summary>The services <see cref="ApiKeyGate"/> uses (also what the tests build it with).</summary>
    public static TBuilder AddApiKeyServices<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddApiKeys();
        builder.AddProblemResponses();
        return builder;
    }
}
