using HaH.Orchestration.FunctionsApp.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The same app as functions/Program.cs, hosted by Azure Functions: the host (not this process) runs
// Durable Functions' backend, HTTP and the task hub named in host.json.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.AddHospitalAtHome();

await builder.Build().RunAsync();
