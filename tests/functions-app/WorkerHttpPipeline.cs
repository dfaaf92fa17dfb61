extern alias functionsapp;

using functionsapp::HaH.Orchestration.FunctionsApp.Hosting;
using functionsapp::HaH.Orchestration.FunctionsApp.Http;
using HaH.Orchestration.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The Functions app's HTTP worker middleware, in the order <see cref="HttpPipelineRegistration"/> registers it, run
/// on one request to a function of functions.metadata, with the services it uses and <see cref="TestKeys"/>.
/// The function itself is a stand-in that records that it ran and reads the body it would bind.
/// </summary>
internal sealed class WorkerHttpPipeline : IDisposable
{
    private readonly IHost _services;
    private readonly FunctionsMetadata _metadata = FunctionsMetadata.Load();

    public WorkerHttpPipeline(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(TestKeys.Settings);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddApiKeyServices();
        builder.Services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section);
        _services = builder.Build();
    }

    public DefaultHttpContext NewRequest(string method, string pathAndQuery)
    {
        var http = new DefaultHttpContext { RequestServices = _services.Services };
        http.Request.Method = method;
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>Runs the middleware for <paramref name="functionName"/>; the body the function read, or null when it did not run.</summary>
    public async Task<byte[]?> RunAsync(string functionName, HttpContext http)
    {
        var invocation = new HttpInvocation(_metadata.Functions.Single(function => function.Name == functionName), http);
        byte[]? read = null;
        FunctionExecutionDelegate function = async _ =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            read = body.ToArray();
        };

        var pipeline = RegisteredOrder()
            .Reverse()
            .Select(type => (IFunctionsWorkerMiddleware)ActivatorUtilities.CreateInstance(_services.Services, type))
            .Aggregate(function, (next, middleware) => context => middleware.Invoke(context, next));
        await pipeline(invocation);
        return read;
    }

    /// <summary>
    /// The app's HTTP middleware in the order <see cref="HttpPipelineRegistration.AddHttpPipeline"/> registers
    /// it — read from the registration (the worker's <c>UseMiddleware&lt;T&gt;</c> adds each as a service in
    /// pipeline order), so these tests run the order the app runs.
    /// </summary>
    public static IReadOnlyList<Type> RegisteredOrder()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.AddHttpPipeline();
        return builder.Services
            .Select(service => service.ServiceType)
            .Where(type => typeof(IFunctionsWorkerMiddleware).IsAssignableFrom(type) && type.Assembly == typeof(HttpPipelineRegistration).Assembly)
            .ToList();
    }

    public void Dispose() => _services.Dispose();
}
