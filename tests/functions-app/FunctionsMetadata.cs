using System.Text.Json;

namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>
/// The functions the Worker SDK found in functions-app at build time, read from the
/// <c>functions.metadata</c> it writes to the build output (copied here with the project reference).
/// </summary>
internal sealed record FunctionsMetadata(IReadOnlyList<FunctionEntry> Functions)
{
    public const string FileName = "functions.metadata";

    public static FunctionsMetadata Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Expected the Worker SDK's {FileName} of functions-app at {path}; it is written when functions-app builds. Build tests/functions-app, which references it.", path);
        }

        return Parse(File.ReadAllText(path));
    }

    public static FunctionsMetadata Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var functions = document.RootElement.EnumerateArray()
            .Select(function => new FunctionEntry(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                function.GetProperty("bindings").EnumerateArray()
                    .Select(binding => new BindingEntry(
                        binding.GetProperty("type").GetString()!,
                        binding.GetProperty("direction").GetString()!,
                        binding.TryGetProperty("route", out var route) ? route.GetString() : null,
                        binding.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(method => method.GetString()!).ToList() : []))
                    .ToList()))
            .ToList();
        return new FunctionsMetadata(functions);
    }

    public FunctionsMetadata Without(string functionName) =>
        new(Functions.Where(function => function.Name != functionName).ToList());
}

internal sealed record FunctionEntry(string Name, string EntryPoint, IReadOnlyList<BindingEntry> Bindings)
{
    /// <summary>The one input binding whose type ends in "Trigger" (every function has exactly one).</summary>
    public string? TriggerType => Bindings.SingleOrDefault(binding => binding.Direction == "In" && binding.Type.EndsWith("Trigger", StringComparison.Ordinal))?.Type;
}

/// <summary>One binding; <see cref="Route"/> and <see cref="Methods"/> only on HTTP triggers.</summary>
internal sealed record BindingEntry(string Type, string Direction, string? Route = null, IReadOnlyList<string>? Methods = null)
{
    public IReadOnlyList<string> Methods { get; } = Methods ?? [];
}
