using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HaH.Orchestration.Functions.Tests.Build;

/// <summary>
/// Orchestrator code that is not replay-safe must not compile in the functions project: its build runs
/// Microsoft.DurableTask.Analyzers and treats their warnings as errors. No package checks a project's build
/// settings for this, so the test compiles a sample orchestrator in process with the compiler command line that
/// functions' own build produces (written next to this assembly by the test project, see its csproj). Removing the
/// analyzer package, turning warnings-as-errors off, or silencing a DURABLE id (NoWarn, WarningsNotAsErrors,
/// an .editorconfig severity) changes that command line and fails these tests.
/// </summary>
public sealed class OrchestratorDeterminismTests
{
    [Fact]
    public async Task ClockGuidAndDelayCallsInAnOrchestratorFailTheFunctionsBuild()
    {
        var source = Orchestrator(now: "DateTime.Now", newId: "Guid.NewGuid()", wait: "Task.Delay(TimeSpan.FromMinutes(15))");

        var errors = await FunctionsBuildErrorsAsync(source);

        Assert.Equal(
            [
                ("DURABLE0001", "DateTime sentAt = DateTime.Now;"),
                ("DURABLE0002", "Guid reminderId = Guid.NewGuid();"),
                ("DURABLE0003", "await Task.Delay(TimeSpan.FromMinutes(15));"),
            ],
            errors);
    }

    [Fact]
    public async Task TheSameOrchestratorOnTheContextsClockGuidAndTimerCompiles()
    {
        var source = Orchestrator(
            now: "context.CurrentUtcDateTime",
            newId: "context.NewGuid()",
            wait: "context.CreateTimer(TimeSpan.FromMinutes(15), CancellationToken.None)");

        Assert.Empty(await FunctionsBuildErrorsAsync(source));
    }

    private static string Orchestrator(string now, string newId, string wait) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.DurableTask;

        namespace HaH.Orchestration.Functions.Samples;

        internal sealed class ReminderOrchestrator : TaskOrchestrator<string, string>
        {
            public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
            {
                DateTime sentAt = {{now}};
                Guid reminderId = {{newId}};
                await {{wait}};
                return $"{input} {reminderId} {sentAt:O}";
            }
        }
        """;

    /// <summary>The errors, by id and source line, that functions' build would report for <paramref name="source"/>.</summary>
    private static async Task<(string Id, string Line)[]> FunctionsBuildErrorsAsync(string source)
    {
        var build = FunctionsCompilerArguments();

        // The path places the sample inside functions/, where its .editorconfig sections would apply.
        var path = Path.Combine(build.BaseDirectory!, "Samples", "ReminderOrchestrator.cs");
        var tree = CSharpSyntaxTree.ParseText(source, build.ParseOptions, path);
        var options = build.CompilationOptions
            .WithOutputKind(OutputKind.DynamicallyLinkedLibrary) // the sample has no Main
            .WithSyntaxTreeOptionsProvider(new AnalyzerConfigSeverities(build, path));
        var references = build.MetadataReferences.Select(reference => MetadataReference.CreateFromFile(reference.Reference));
        var compilation = CSharpCompilation.Create("OrchestratorDeterminismSample", [tree], references, options);

        var analyzers = DurableAnalyzers(build);
        Assert.False(
            analyzers.IsEmpty,
            "Expected functions' compiler command line to load an analyzer that reports DURABLE diagnostics, but none of its "
            + "analyzers does. Is the Microsoft.DurableTask.Analyzers PackageReference gone from functions/HaH.Orchestration.Functions.csproj?");

        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAllDiagnosticsAsync();
        var text = tree.GetText();
        return diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .Select(diagnostic => (diagnostic.Id, text.Lines.GetLineFromPosition(diagnostic.Location.SourceSpan.Start).ToString().Trim()))
            .ToArray();
    }

    private static CSharpCommandLineArguments FunctionsCompilerArguments()
    {
        var functions = typeof(OrchestratorDeterminismTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "FunctionsProjectDirectory").Value!;

        // One argument a line, as CoreCompile handed them to csc.
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "functions.csc.rsp"));
        var arguments = CSharpCommandLineParser.Default.Parse(lines, functions, sdkDirectory: null);
        Assert.Empty(arguments.Errors);
        return arguments;
    }

    /// <summary>Every analyzer functions' build loads that can report a DURABLE diagnostic.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> DurableAnalyzers(CommandLineArguments build) =>
    [
        .. build.ResolveAnalyzerReferences(new AnalyzerLoader())
            .SelectMany(reference => reference.GetAnalyzers(LanguageNames.CSharp))
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id.StartsWith("DURABLE", StringComparison.Ordinal))),
    ];

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    /// <summary>
    /// The severities that functions' .editorconfig and global config files (/analyzerconfig) set for the sample's
    /// path; csc weighs them together with /nowarn and /warnaserror, and so does the compilation given this provider.
    /// </summary>
    private sealed class AnalyzerConfigSeverities(CommandLineArguments build, string samplePath) : SyntaxTreeOptionsProvider
    {
        private readonly AnalyzerConfigSet configs = AnalyzerConfigSet.Create(
            build.AnalyzerConfigPaths.Select(config => AnalyzerConfig.Parse(File.ReadAllText(config), config)).ToArray());

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            configs.GetOptionsForSourcePath(samplePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            configs.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }
}
