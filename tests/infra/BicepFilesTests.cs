namespace HaH.Orchestration.Infra.Tests;

/// <summary>Every Bicep file under infra/ builds and lints without a single warning or error.</summary>
public sealed class BicepFilesTests
{
    public static TheoryData<string> BicepFiles() => [.. BicepCompiler.Files()];

    [Fact]
    public void InfraHasTheMainTemplateItsParametersAndModules()
    {
        var files = BicepCompiler.Files().ToList();

        Assert.Contains("main.bicep", files);
        Assert.Contains("main.bicepparam", files);
        Assert.Contains(files, file => file.StartsWith("modules" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task EveryFileBuildsWithoutDiagnostics(string file)
    {
        var output = Path.Combine(Path.GetTempPath(), $"hah-bicep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            // build-params also checks that the parameters file gives every required parameter a value of the right type.
            var command = file.EndsWith(".bicepparam", StringComparison.Ordinal) ? "build-params" : "build";
            var (exitCode, text) = await BicepCompiler.RunAsync(command, file, "--outdir", output);

            Assert.True(exitCode == 0 && text.Length == 0, $"bicep {command} {file} exited {exitCode} and said:\n{text}");
            Assert.NotEmpty(Directory.GetFiles(output, "*.json"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task EveryFileLintsClean(string file)
    {
        var (exitCode, text) = await BicepCompiler.RunAsync("lint", file);

        Assert.True(exitCode == 0 && text.Length == 0, $"bicep lint {file} exited {exitCode} and said:\n{text}");
    }

    [Fact]
    public async Task ABrokenFileFailsTheLint()
    {
        // The checks above must be able to fail: an unused parameter is a linter finding under infra/'s
        // bicepconfig.json (copied next to the broken file, in a folder of its own).
        var folder = Path.Combine(Path.GetTempPath(), $"hah-bicep-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(BicepCompiler.InfraFolder, "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
        var broken = Path.Combine(folder, "broken.bicep");
        await File.WriteAllTextAsync(broken, "param unused string\n");
        try
        {
            var (exitCode, text) = await BicepCompiler.RunAsync("lint", broken);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("no-unused-params", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
