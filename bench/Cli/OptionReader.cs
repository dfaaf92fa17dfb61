using System.Globalization;

namespace HaH.Orchestration.Bench.Cli;

/// <summary>
/// Reads <c>--name value</c> options of one sub-command: each known at most once, every value
/// checked, anything unknown refused with the list of what is known.
/// </summary>
internal sealed class OptionReader
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public OptionReader(string command, IReadOnlyList<string> arguments, IEnumerable<string> known)
    {
        _command = command;
        _known.UnionWith(known);
        for (var i = 0; i < arguments.Count; i++)
        {
            var name = arguments[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"{command}: expected an option such as --{_known.First()}, got '{name}'.");
            }

            var key = name[2..];
            if (!_known.Contains(key))
            {
                throw new CommandLineException($"{command}: unknown option '{name}'. Known: {string.Join(", ", _known.Select(k => "--" + k))}.");
            }

            if (i + 1 >= arguments.Count || arguments[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"{command}: option '{name}' needs a value.");
            }

            if (!_values.TryAdd(key, arguments[++i]))
            {
                throw new CommandLineException($"{command}: option '{name}' is given twice.");
            }
        }
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new CommandLineException($"{_command}: --{name} must be a whole number, got '{text}'.");
        }

        return value >= min && value <= max
            ? value
            : throw new CommandLineException($"{_command}: --{name} must be {min}–{max}, got {value}.");
    }

    public string? Text(string name) => _values.TryGetValue(name, out var text) ? text : null;

    public string Required(string name) =>
        Text(name) ?? throw new CommandLineException($"{_command}: --{name} is required.");
}
