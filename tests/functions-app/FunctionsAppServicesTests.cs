extern alias functionsapp;

using functionsapp::HaH.Orchestration.FunctionsApp.Hosting;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Integration;
using HaH.Orchestration.Functions.Quality;
using HaH.Orchestration.Functions.Sms;
using HaH.Orchestration.Functions.Sms.Webhook;
using HaH.Orchestration.Functions.Sms.PhoneLines;
using HaH.Orchestration.Functions.Sms.Sending;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The Functions app's services, built (not run: that needs the Functions host) as Program.cs builds
/// them: every shared class its functions create finds its collaborators.
/// </summary>
public sealed class FunctionsAppServicesTests : IDisposable
{
    private readonly IHost _app;

    public FunctionsAppServicesTests()
    {
        _app = Build(new() { ["Http:PublicBaseUrl"] = "https://hah.example.dk" });
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Environment.EnvironmentName = Environments.Production;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["TaskHub"] = "funcapptest",
            ["Sms:PseudonymKey"] = "functions-app-test-pseudonym-key-of-32-chars",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureFunctionsWebApplication();
        builder.AddHospitalAtHome();
        return builder.Build();
    }

    public static TheoryData<Type> SharedActivities() =>
        [typeof(ReadAdmissionSettingsActivity), typeof(SendSmsActivity), typeof(PublishIntegrationActivity)];

    [Theory]
    [MemberData(nameof(SharedActivities))]
    public void EveryActivityTheFunctionsCreateFindsItsServices(Type activity) =>
        Assert.NotNull(ActivatorUtilities.CreateInstance(_app.Services, activity));

    [Fact]
    public void TheClientBoundActivityAndTheAdmissionHandlersFindTheirServicesWithTheBoundClient()
    {
        var client = _app.Services.GetRequiredService<IServiceProvider>().GetService<DurableTaskClient>();
        Assert.Null(client); // Durable Functions binds the client per invocation; nothing registers one for DI.

        var bound = new UnusedClient();
        Assert.NotNull(ActivatorUtilities.CreateInstance<EnsurePhoneLineActivity>(_app.Services, bound));
        Assert.NotNull(ActivatorUtilities.CreateInstance<AdmissionRequests>(_app.Services, bound, ActivatorUtilities.CreateInstance<AdmissionStarter>(_app.Services, bound)));
        Assert.NotNull(ActivatorUtilities.CreateInstance<SmsEventProcessor>(_app.Services, ActivatorUtilities.CreateInstance<SmsInbound>(_app.Services, bound)));
    }

    [Theory]
    [InlineData(typeof(QualityReport))]
    [InlineData(typeof(RejectedSmsEvents))]
    [InlineData(typeof(HealthCheckService))]
    public void TheAdministrationFunctionsFindTheirServices(Type service) =>
        Assert.NotNull(_app.Services.GetRequiredService(service));

    [Fact]
    public void TheHttpMiddlewareFindsItsServices() =>
        Assert.NotNull(ActivatorUtilities.CreateInstance<functionsapp::HaH.Orchestration.FunctionsApp.Http.ForwardedClientMiddleware>(_app.Services));

    [Fact]
    public void PayloadsUseTheStandaloneHostsJsonOptions()
    {
        var serializer = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkerOptions>>().Value.Serializer;

        var json = serializer!.Serialize(new { Kind = DayOfWeek.Monday }).ToString();

        Assert.Equal("""{"kind":"Monday"}""", json);
    }

    [Fact]
    public void OutsideDevelopmentLinksNeedThePublicBaseUrl()
    {
        using var app = Build([]);

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HaH.Orchestration.Functions.Http.HttpOptions>>().Value);
        Assert.Contains("Http:PublicBaseUrl", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    /// <summary>Stands in for the client Durable Functions binds; never called here.</summary>
    private sealed class UnusedClient() : DurableTaskClient("unused")
    {
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
