using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace HaH.Orchestration.Durable.Execution;

/// <summary>
/// The worker's orchestrators and activities, as the SDK's registry made them
/// (<see cref="IDurableTaskFactory"/>), wrapped for DurableTask.Core by Microsoft's
/// <see cref="DurableTaskShimFactory"/>.
/// </summary>
/// <remarks>
/// Versions side by side: the SDK's factory looks tasks up by name only (its version lookup is
/// internal), so versions follow a naming convention. An instance is stamped with its version at
/// start and always replays on that version's code: for version <c>v</c> of orchestrator <c>N</c>
/// the worker runs the orchestrator registered as <c>N@v</c> when there is one, else the one
/// registered as <c>N</c> — the current code. To change an orchestrator in a way that would break
/// the instances in flight, keep the old class registered as <c>N@{their version}</c> and start new
/// instances with a new version.
/// </remarks>
internal sealed class OrchestrationTasks(IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims)
{
    /// <summary>Separates an orchestrator's name from a version it is registered for: <c>AdmissionOrchestrator@1</c>.</summary>
    public const char VersionSeparator = '@';

    /// <summary>The name an old version of an orchestrator is registered under.</summary>
    public static string VersionedName(string name, string version) => $"{name}{VersionSeparator}{version}";

    /// <summary>The orchestrator of this name and version for DurableTask.Core's executor, or null when none is registered.</summary>
    public TaskOrchestration? CreateOrchestration(string name, string version, ParentOrchestrationInstance? parent)
    {
        if ((version.Length > 0 && factory.TryCreateOrchestrator(VersionedName(name, version), services, out var orchestrator))
            || factory.TryCreateOrchestrator(name, services, out orchestrator))
        {
            return shims.CreateOrchestration(name, orchestrator, parent);
        }

        return null;
    }

    /// <summary>The activity of this name for DurableTask.Core, or null when none is registered.</summary>
    public TaskActivity? CreateActivity(string name) =>
        factory.TryCreateActivity(name, services, out var activity) ? shims.CreateActivity(name, activity) : null;
}
