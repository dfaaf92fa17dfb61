using HaH.Orchestration.Durable.History;

namespace HaH.Orchestration.Durable.Replay;

/// <summary>The outcome of one <see cref="OrchestrationSession.Execute"/> step.</summary>
/// <param name="NewEvents">
/// The events to append to the generation's history, in order, with EventIds assigned: the step's
/// input events first, then the decisions, then <see cref="ExecutionCompleted"/> when the generation ended.
/// </param>
/// <param name="Actions">What to send once the events are committed, in decision order; a completion action comes last.</param>
/// <param name="CustomStatus">The custom status (JSON) after the step.</param>
/// <param name="CustomStatusChanged">True when the step's live part changed the custom status.</param>
/// <param name="IsCompleted">True when the generation has ended (completed, failed, terminated or continued as new).</param>
internal sealed record StepResult(
    IReadOnlyList<HistoryEvent> NewEvents,
    IReadOnlyList<OrchestrationAction> Actions,
    string? CustomStatus,
    bool CustomStatusChanged,
    bool IsCompleted)
{
    /// <summary>The completion action when the generation ended this step with Completed, Failed or Terminated.</summary>
    public CompleteOrchestration? Completion => Actions.OfType<CompleteOrchestration>().SingleOrDefault();

    /// <summary>The continue-as-new action when the generation ended this step that way.</summary>
    public ContinueAsNew? ContinuedAsNew => Actions.OfType<ContinueAsNew>().SingleOrDefault();
}
