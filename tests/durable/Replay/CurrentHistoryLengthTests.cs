using HaH.Orchestration.Durable.Client;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;
using HaH.Orchestration.Durable.Tests.Worker;

namespace HaH.Orchestration.Durable.Tests.Replay;

/// <summary><see cref="TaskOrchestrationContext.CurrentHistoryLength"/>: what code may base continue-as-new on must be the same on every replay.</summary>
public sealed class CurrentHistoryLengthTests
{
    [Fact]
    public async Task CurrentHistoryLength_SeenLiveOnTheWorker_IsSeenAgainOnEveryReplay()
    {
        await using var runtime = await TestRuntime.StartAsync(Register);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Counting), 3);
        var done = await runtime.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30));

        var seen = done.ReadOutputAs<int[]>()!;
        var history = Assert.Single(await runtime.Client.GetHistoryAsync(id)).Events;

        // After ExecutionStarted (event 1), then after each activity's completion: each call adds
        // TaskScheduled, the next step's OrchestratorStarted and TaskCompleted.
        Assert.Equal([2, 5, 8, 11], seen);
        Assert.Equal(seen[^1], history.OfType<TaskCompleted>().Last().EventId + 1);
        var replay = new OrchestrationReplayer(new DurableTaskRegistry().AddOrchestrator<Counting>(nameof(Counting))).Replay(id, history);
        Assert.True(replay.Succeeded, replay.Divergence?.Message);
    }

    private static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<Counting>(nameof(Counting))
        .AddActivityFunc<int, int>("Echo", (_, n) => Task.FromResult(n));

    private sealed class Counting : TaskOrchestrator<int, int[]>
    {
        public override async Task<int[]> RunAsync(TaskOrchestrationContext context, int input)
        {
            var seen = new List<int> { context.CurrentHistoryLength };
            for (var i = 0; i < input; i++)
            {
                await context.CallActivityAsync<int>("Echo", i);
                seen.Add(context.CurrentHistoryLength);
            }

            return [.. seen];
        }
    }
}
