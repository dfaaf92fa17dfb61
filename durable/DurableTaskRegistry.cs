using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.Durable;

/// <summary>
/// The orchestrators and activities a worker can run, registered explicitly (no assembly
/// scanning). Names are case-insensitive. Several versions of one orchestrator can be registered
/// side by side: an instance always replays on the version it was stamped with at start. New
/// instances scheduled without a version get the <em>default version</em>, which is the version
/// registered <b>last</b> for that name — register versions oldest first.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, List<(string Version, Func<IServiceProvider, ITaskOrchestrator> Create)>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an orchestrator class, created per execution through dependency injection.</summary>
    /// <typeparam name="T">A class derived from <see cref="TaskOrchestrator{TInput, TOutput}"/>.</typeparam>
    /// <param name="name">The name; null: the class name.</param>
    /// <param name="version">The version; null: "" (unversioned).</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddOrchestrator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string? name = null, string? version = null)
        where T : class
    {
        if (!typeof(ITaskOrchestrator).IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException($"{typeof(T).FullName} is not an orchestrator: derive it from TaskOrchestrator<TInput, TOutput>.", nameof(T));
        }

        return AddOrchestratorFactory(name ?? DefaultName(typeof(T)), version, services => (ITaskOrchestrator)ActivatorUtilities.CreateInstance<T>(services));
    }

    /// <summary>Registers an orchestrator given as a function.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="orchestrator">The orchestrator code.</param>
    /// <param name="version">The version; null: "" (unversioned).</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator, string? version = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestratorFactory(name, version, _ => new FuncOrchestrator<TInput, TOutput>(orchestrator));
    }

    /// <summary>Registers an activity class, created per call through dependency injection.</summary>
    /// <typeparam name="T">A class derived from <see cref="TaskActivity{TInput, TOutput}"/>.</typeparam>
    /// <param name="name">The name; null: the class name.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddActivity<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string? name = null)
        where T : class
    {
        if (!typeof(ITaskActivity).IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException($"{typeof(T).FullName} is not an activity: derive it from TaskActivity<TInput, TOutput>.", nameof(T));
        }

        return AddActivityFactory(name ?? DefaultName(typeof(T)), services => (ITaskActivity)ActivatorUtilities.CreateInstance<T>(services));
    }

    /// <summary>Registers an activity given as a function.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The result type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="activity">The activity code.</param>
    /// <returns>This registry.</returns>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityFactory(name, _ => new FuncActivity<TInput, TOutput>(activity));
    }

    /// <summary>Creates the orchestrator registered under <paramref name="name"/> and <paramref name="version"/>.</summary>
    internal bool TryGetOrchestrator(string name, string version, IServiceProvider services, [NotNullWhen(true)] out ITaskOrchestrator? orchestrator)
    {
        orchestrator = null;
        if (!_orchestrators.TryGetValue(name, out var versions))
        {
            return false;
        }

        foreach (var (registered, create) in versions)
        {
            if (string.Equals(registered, version, StringComparison.Ordinal))
            {
                orchestrator = create(services);
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates the activity registered under <paramref name="name"/>.</summary>
    internal bool TryGetActivity(string name, IServiceProvider services, [NotNullWhen(true)] out ITaskActivity? activity)
    {
        activity = _activities.TryGetValue(name, out var create) ? create(services) : null;
        return activity is not null;
    }

    /// <summary>The version new instances of <paramref name="name"/> get when none is given: the one registered last; null when the name is unknown.</summary>
    internal string? GetDefaultVersion(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions[^1].Version : null;

    /// <summary>The registered orchestrator names with their versions, in registration order.</summary>
    internal IEnumerable<(string Name, string Version)> Orchestrators =>
        _orchestrators.SelectMany(entry => entry.Value.Select(v => (entry.Key, v.Version)));

    private DurableTaskRegistry AddOrchestratorFactory(string name, string? version, Func<IServiceProvider, ITaskOrchestrator> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        version ??= "";
        if (!_orchestrators.TryGetValue(name, out var versions))
        {
            _orchestrators[name] = versions = [];
        }

        if (versions.Exists(v => string.Equals(v.Version, version, StringComparison.Ordinal)))
        {
            throw new ArgumentException(
                $"The orchestrator '{name}' is already registered with version '{version}'. Register a changed orchestrator under a new version (and keep the old one while instances of it are in flight).",
                nameof(name));
        }

        versions.Add((version, create));
        return this;
    }

    private DurableTaskRegistry AddActivityFactory(string name, Func<IServiceProvider, ITaskActivity> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_activities.TryAdd(name, create))
        {
            throw new ArgumentException($"The activity '{name}' is already registered (names are case-insensitive).", nameof(name));
        }

        return this;
    }

    private static string DefaultName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
