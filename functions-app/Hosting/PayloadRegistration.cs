using Azure.Core.Serialization;
using HaH.Orchestration.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Hosting;

/// <summary>
/// Payloads (orchestration and activity inputs, outputs, events, custom status) as JSON the way the
/// standalone host writes them (<see cref="DurableSerializer"/>: web casing, enums as strings). The
/// durable extension turns the worker's serializer into the Durable Task data converter of both its
/// worker and its client, so this one setting covers every payload; with the worker's default the
/// enums in the workflow's state would travel as numbers and the two hostings would disagree.
/// </summary>
internal static class PayloadRegistration
{
    public static FunctionsApplicationBuilder UseAppPayloads(this FunctionsApplicationBuilder builder)
    {
        builder.Services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(DurableSerializer.Options));
        return builder;
    }
}
