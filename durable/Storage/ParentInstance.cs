namespace HaH.Orchestration.Durable.Storage;

/// <summary>The parent of a sub-orchestration, and the parent's task that awaits it.</summary>
/// <param name="InstanceId">The parent instance.</param>
/// <param name="ExecutionId">The parent's generation that started the child.</param>
/// <param name="TaskScheduledId">The id of the parent's decision that the child's answer completes.</param>
/// <param name="Name">The parent orchestrator's name.</param>
/// <param name="Version">The parent orchestrator's version.</param>
internal sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskScheduledId, string Name = "", string Version = "");
