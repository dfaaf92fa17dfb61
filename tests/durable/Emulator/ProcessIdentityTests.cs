using System.Diagnostics;
using HaH.Orchestration.Durable.Emulator;

namespace HaH.Orchestration.Durable.Tests.Emulator;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void IsRunning_ThisProcess_True()
    {
        Assert.True(ProcessIdentity.Of(Environment.ProcessId).IsRunning);
    }

    [Fact]
    public void IsRunning_SameIdButAnotherStartTime_False()
    {
        var identity = ProcessIdentity.Of(Environment.ProcessId);

        Assert.False((identity with { StartTime = identity.StartTime + "0" }).IsRunning);
    }

    [Fact]
    public async Task Interrupt_ProcessThatStopsOnSigint_IsGone()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", ["60"]) { UseShellExecute = false })!;
        var identity = ProcessIdentity.Of(sleeper.Id);
        Assert.True(identity.IsRunning);

        Assert.True(identity.Interrupt());

        await sleeper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(identity.IsRunning);
    }
}
