using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Testing;

namespace HaH.Orchestration.Functions.Tests.Hosting;

public sealed class HostProcessTests
{
    [Fact]
    public async Task SecondHostOnTheSamePortStopsWithAClearMessageInsteadOfAStackTrace()
    {
        var azurite = await TestAzurite.GetAsync();
        var folder = Directory.CreateTempSubdirectory("hah-host-").FullName;
        var taskHub = TestTaskHub.NewName();
        await File.WriteAllTextAsync(Path.Combine(folder, "local.settings.json"), $$"""
            { "IsEncrypted": false,
              "Values": { "AzureWebJobsStorage": "{{azurite.ConnectionString}}", "Durable__TaskHub": "{{taskHub}}" } }
            """);
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        await using var first = HostProcess.Start(folder, ["--urls", url]);
        await first.WaitUntilRunningAsync(TimeSpan.FromSeconds(60));
        await using var second = HostProcess.Start(folder, ["--urls", url]);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains($"Task hub      {taskHub}", first.Output, StringComparison.Ordinal);
        Assert.Equal(1, exitCode);
        Assert.Contains("already in use", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);
        Assert.Null(first.ExitCode);
    }
}
