extern alias functionsapp;

using functionsapp::HaH.Orchestration.FunctionsApp.Http;
using HaH.Orchestration.Functions.Auth;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>Which policy the middleware applies to each HTTP function, read as it reads it at run time.</summary>
public class ApiKeyMiddlewareTests
{
    private readonly FunctionsMetadata _metadata = FunctionsMetadata.Load();

    [Fact]
    public void EveryHttpFunctionNamesAPolicyOrIsExplicitlyAnonymous()
    {
        var unguarded = HttpFunctions()
            .Where(function => ApiKeyMiddleware.Access.Of(function.EntryPoint) is { IsAnonymous: false, Policy: null })
            .Select(function => function.Name)
            .ToList();

        Assert.True(unguarded.Count == 0, "Refused at run time for naming no policy: " + string.Join(", ", unguarded));
    }

    [Fact]
    public void TheAdmissionFunctionsRequireTheIntegratorPolicyAsTheStandaloneRouteGroupDoes()
    {
        var admissions = HttpFunctions().Where(function => function.Bindings.Any(binding => binding.Route?.StartsWith("api/admissions", StringComparison.Ordinal) == true)).ToList();

        Assert.NotEmpty(admissions);
        Assert.All(admissions, function => Assert.Equal(new ApiKeyMiddleware.Access(false, AuthRegistration.IntegratorPolicy), ApiKeyMiddleware.Access.Of(function.EntryPoint)));
    }

    [Fact]
    public void AnEntryPointWithoutAttributesNamesNoPolicy() =>
        Assert.Equal(new ApiKeyMiddleware.Access(false, null), ApiKeyMiddleware.Access.Of("HaH.Orchestration.FunctionsApp.Workflow.ActivityFunctions.SendSmsAsync"));

    private IEnumerable<FunctionEntry> HttpFunctions() =>
        _metadata.Functions.Where(function => function.TriggerType == "httpTrigger");
}
