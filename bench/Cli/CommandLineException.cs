namespace HaH.Orchestration.Bench.Cli;

/// <summary>A command line the bench cannot run: the message says what was expected and what was given.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
