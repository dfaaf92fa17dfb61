namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>What is missing in functions-app for the tasks the standalone host registers: one sentence per problem.</summary>
internal static class DurableTaskDrift
{
    public const string OrchestrationTrigger = "orchestrationTrigger";
    public const string ActivityTrigger = "activityTrigger";

    public static IReadOnlyList<string> Problems(IEnumerable<string> taskNames, string triggerType, FunctionsMetadata metadata) =>
        taskNames
            .Select(name => (name, function: metadata.Functions.FirstOrDefault(function => function.Name == name)))
            .Select(task => task.function switch
            {
                null => $"'{task.name}' is registered by the standalone host but functions-app has no function of that name: add a [Function(\"{task.name}\")] with a {triggerType}.",
                { TriggerType: var actual } when actual != triggerType => $"Function '{task.name}' is triggered by {actual ?? "nothing"}, expected {triggerType}.",
                _ => null,
            })
            .OfType<string>()
            .ToList();
}
