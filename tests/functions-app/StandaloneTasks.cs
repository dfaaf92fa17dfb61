using System.Reflection;
using HaH.Orchestration.Functions.Admissions.Workflow;
using Microsoft.DurableTask;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The orchestrator and activity names the standalone host registers: a <see cref="DurableTaskRegistry"/>
/// filled by <see cref="AdmissionTasks.Register"/>, the method functions/Program.cs hands to <c>AddDurableRuntime</c>.
/// </summary>
internal static class StandaloneTasks
{
    public static IReadOnlyList<string> Orchestrators { get; } = Names("Orchestrators");

    public static IReadOnlyList<string> Activities { get; } = Names("Activities");

    // The registry lists its tasks only internally (Durable Functions' own extension reads them the same way).
    private static List<string> Names(string property)
    {
        var registry = new DurableTaskRegistry();
        AdmissionTasks.Register(registry);
        var tasks = typeof(DurableTaskRegistry).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(registry) as System.Collections.IEnumerable
            ?? throw new InvalidOperationException($"DurableTaskRegistry has no internal '{property}' any more: read its tasks another way.");
        return tasks.Cast<object>()
            .Select(pair => pair.GetType().GetProperty("Key")!.GetValue(pair)!.ToString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
