using System.Diagnostics;
using HaH.Orchestration.Durable.History;
using HaH.Orchestration.Durable.Replay;

namespace HaH.Orchestration.Durable.Tests.Replay;

public sealed class NonDurableAwaitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static void AssertNonDurableAwait(StepResult step, string detail)
    {
        Assert.True(step.IsCompleted);
        var failure = Assert.IsType<FailureDetails>(step.Completion?.Failure);
        Assert.Equal(OrchestrationErrorTypes.NonDurableAwait, failure.ErrorType);
        Assert.Contains("awaited something that is not a durable task", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("use context.CreateTimer instead of Task.Delay", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(detail, failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_AwaitTaskDelay_FailsAtEndOfStepWithoutWaiting()
    {
        var driver = ReplayDriver.For<string?, string>(async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(10));
            return "never";
        });
        var clock = Stopwatch.StartNew();

        var step = driver.Start();

        Assert.True(clock.Elapsed < Patience);
        AssertNonDurableAwait(step, "waited for no activity, sub-orchestration, timer or external event");
    }

    [Fact]
    public void Execute_AwaitTaskRun_FailsWithNonDurableAwait()
    {
        var driver = ReplayDriver.For<string?, int>(async (_, _) => await Task.Run(() =>
        {
            Thread.Sleep(200);
            return 1;
        }));

        var step = driver.Start();

        AssertNonDurableAwait(step, "not a durable task");
    }

    [Fact]
    public void Execute_NonDurableTaskCompletesBetweenSteps_RaisesFlagAndNextStepFails()
    {
        using var detected = new ManualResetEventSlim();
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            await Task.WhenAny(context.CallActivityAsync("Slow"), Task.Delay(50));
            return "raced";
        });
        driver.Session.ForeignContinuationDetected += (_, _) => detected.Set();

        var first = driver.Start();
        Assert.False(first.IsCompleted);
        Assert.True(detected.Wait(Patience));
        Assert.True(driver.Session.HasForeignContinuation);

        var next = driver.Step();

        AssertNonDurableAwait(next, "a continuation was queued between steps");
    }

    [Fact]
    public void Execute_TimerCancelledWithCancelAsync_FailsWithNonDurableAwait()
    {
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            using var cancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromDays(1), cancellation.Token);
            await context.CallActivityAsync("Work");
            await cancellation.CancelAsync();
            return "cancelled";
        });
        driver.Start();

        var step = driver.CompleteTask(3, null);
        if (!step.IsCompleted)
        {
            // The callback ran on the thread pool after the step ended; it was still recorded.
            Assert.True(SpinWait.SpinUntil(() => driver.Session.HasForeignContinuation, Patience));
            step = driver.Step();
        }

        AssertNonDurableAwait(step, "not a durable task");
        Assert.DoesNotContain(driver.History, e => e is TimerCancelled);
    }

    [Fact]
    public void Execute_ConfigureAwaitFalse_FailsWithNonDurableAwait()
    {
        // ConfigureAwait(false) sends the continuation to the thread pool, off the orchestration's thread.
        var driver = ReplayDriver.For<string?, string>(async (context, _) =>
        {
            var a = await context.CallActivityAsync<string>("A").ConfigureAwait(false);
            var b = await context.CallActivityAsync<string>("B");
            return a + b;
        });
        driver.Activities["A"] = _ => "a";
        driver.Activities["B"] = _ => "b";

        var step = driver.Run();

        AssertNonDurableAwait(step, "do not use ConfigureAwait(false)");
    }
}
