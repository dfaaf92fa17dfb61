using HaH.Orchestration.Functions.Admissions;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Functions.Dashboard;
using HaH.Orchestration.Functions.Health;
using HaH.Orchestration.Functions.Hosting;
using HaH.Orchestration.Functions.Http;
using HaH.Orchestration.Functions.Integration.Commands;
using HaH.Orchestration.Functions.Management;
using HaH.Orchestration.Functions.Quality;
using HaH.Orchestration.Functions.Simulation;
using HaH.Orchestration.Functions.Sms.Webhook;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
builder.WebHost.UseDefaultUrlsUnlessConfigured(builder.Configuration);

builder.AddHttpEdge();
builder.AddStorage();
builder.AddLocalStorageEmulator();
builder.AddDurableRuntime(AdmissionTasks.Register);
builder.AddAdmissionServices();
builder.AddCommandQueue();
builder.AddManagement();
builder.AddQuality();
builder.AddTelemetry();
builder.AddDataProtectionKeys();
builder.AddApiKeys();
builder.AddDashboard();
builder.AddHealth();
builder.AddProblemResponses();
builder.AddApiDocs();

var app = builder.Build();

app.UseHttpEdge();
app.UseProblemResponses();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBodyLimits();
app.MapApiDocs();
app.MapHealth();
app.MapAdmissions();
app.MapManagement().AcceptKeyInQuery();
app.MapQuality();
app.MapSmsWebhook().AcceptKeyInQuery();
app.MapSimulation();
app.MapDashboard();

return await app.RunReportingStartupErrorsAsync();

/// <summary>The host's entry point (public so that tests can start it with WebApplicationFactory).</summary>
public partial class Program;
