using HaH.Orchestration.Bench.Cli;

namespace HaH.Orchestration.Bench.Engines;

/// <summary>Reads <c>--engine hah|dtfx|both</c>.</summary>
internal static class EngineChoice
{
    public static IReadOnlyList<EngineKind> Parse(string command, string? text) => text switch
    {
        null or "hah" => [EngineKind.Hah],
        "dtfx" => [EngineKind.Dtfx],
        "both" => [EngineKind.Hah, EngineKind.Dtfx],
        _ => throw new CommandLineException($"{command}: --engine must be hah, dtfx or both, got '{text}'."),
    };

    public static EngineKind ParseOne(string command, string text) => Parse(command, text) is [var one]
        ? one
        : throw new CommandLineException($"{command}: --engine must be hah or dtfx, got '{text}'.");

    public static string Name(EngineKind kind) => kind == EngineKind.Hah ? "hah" : "dtfx";
}
