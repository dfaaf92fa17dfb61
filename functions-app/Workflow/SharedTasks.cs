using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace HaH.Orchestration.FunctionsApp.Workflow;

/// <summary>
/// Creates a shared orchestrator or activity the way the standalone host's <c>DurableTaskRegistry</c>
/// does (<c>AddActivity&lt;T&gt;</c>: <see cref="ActivatorUtilities"/> over the invocation's services),
/// so that a class gets the same collaborators in both hostings.
/// </summary>
internal static class SharedTasks
{
    public static T Create<T>(FunctionContext function, params object[] arguments)
        where T : class =>
        ActivatorUtilities.CreateInstance<T>(function.InstanceServices, arguments);
}
