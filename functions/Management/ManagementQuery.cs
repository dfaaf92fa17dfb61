using Microsoft.DurableTask.Client;
using System.Globalization;
using HaH.Orchestration.Durable;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// Reads the query string of the management routes strictly: a bad value is a 400 naming the
/// parameter, never silently ignored (a purge with a mistyped filter must not purge everything).
/// </summary>
internal sealed class ManagementQuery(IQueryCollection query)
{
    public Dictionary<string, string[]> Problems { get; } = [];

    public bool Flag(string name, bool fallback)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Problems[name] = [$"{name} must be true or false."];
        return fallback;
    }

    public DateTimeOffset? Instant(string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        Problems[name] = [$"{name} must be an ISO 8601 time, e.g. 2026-03-01T00:00:00Z."];
        return null;
    }

    public int Number(string name, int fallback, int min, int max)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problems[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }

    /// <summary>Statuses given as <c>runtimeStatus=Running,Completed</c> or repeated; null when none are given.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses()
    {
        var names = query["runtimeStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var statuses = new HashSet<OrchestrationRuntimeStatus>();
        foreach (var name in names)
        {
            if (Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(name, out _))
            {
                statuses.Add(status);
            }
            else
            {
                Problems["runtimeStatus"] = [$"'{name}' is not a runtime status; use {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}."];
            }
        }

        return statuses;
    }

    public string? Text(string name) => query[name].ToString() is { Length: > 0 } text ? text : null;
}
