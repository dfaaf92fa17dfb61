using System.Globalization;

namespace HaH.Orchestration.Bench.Measurement;

/// <summary>
/// CPU time used so far by a process and all its descendants, from <c>/proc</c> (Linux only; null
/// elsewhere). Used for Azurite, which runs as a child of its guard process.
/// </summary>
internal static class ProcessTreeCpu
{
    // USER_HZ: 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100;

    public static double? Seconds(int rootPid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the command name (which is in parentheses and may contain spaces).
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                stats[pid] = (parent, ticks);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        var total = 0L;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            if (stats.TryGetValue(pid, out var stat))
            {
                total += stat.Ticks;
            }

            foreach (var child in stats.Where(pair => pair.Value.Parent == pid).Select(pair => pair.Key))
            {
                pending.Push(child);
            }
        }

        return total / TicksPerSecond;
    }
}
