using System.Globalization;

namespace HaH.Orchestration.Testing;

/// <summary>
/// A process by id and start time, so that another process given the same id later (a test
/// run starts thousands, and ids wrap around) is not taken for it. Read from /proc (Linux).
/// </summary>
public sealed record RunningProcess(int Id, string StartTime)
{
    // SIGINT is signal 2: bit 1 of the masks in /proc/{id}/status.
    private const ulong SigintBit = 1UL << 1;

    /// <summary>The process with this id, as it runs now.</summary>
    /// <exception cref="InvalidOperationException">No process has this id.</exception>
    public static RunningProcess Of(int id) =>
        new(id, Stat(id) is { } stat ? stat[21] : throw new InvalidOperationException($"Process {id} is not running."));

    /// <summary>The process's children, their children and so on, as they are now.</summary>
    public static IReadOnlyList<RunningProcess> DescendantsOf(int id)
    {
        var children = new Dictionary<int, List<RunningProcess>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat)
            {
                var parent = int.Parse(stat[3], CultureInfo.InvariantCulture);
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(new RunningProcess(pid, stat[21]));
            }
        }

        var found = new List<RunningProcess>();
        var next = new Queue<int>([id]);
        while (next.TryDequeue(out var parent))
        {
            foreach (var child in children.GetValueOrDefault(parent) ?? [])
            {
                found.Add(child);
                next.Enqueue(child.Id);
            }
        }

        return found;
    }

    /// <summary>True while this process (not another one given its id since) runs; a zombie has stopped.</summary>
    public bool IsRunning => Stat(Id) is { } stat && stat[21] == StartTime && stat[2] is not ("Z" or "X");

    /// <summary>The id of the process group the process belongs to.</summary>
    public int ProcessGroup => int.Parse(Stat(Id)?[4] ?? throw new InvalidOperationException($"Process {Id} is gone."), CultureInfo.InvariantCulture);

    /// <summary>True when the process has SIGINT ignored (as a job started with job control off does).</summary>
    public bool IgnoresSigint
    {
        get
        {
            var line = File.ReadLines($"/proc/{Id}/status").First(line => line.StartsWith("SigIgn:", StringComparison.Ordinal));
            return (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & SigintBit) != 0;
        }
    }

    /// <summary>Waits until the process has stopped, checking every 50 ms; false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilStoppedAsync(TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (IsRunning)
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"process {Id} ({Name})";

    private string Name => Stat(Id)?[1] ?? "gone";

    // The fields of /proc/{id}/stat, numbered from 0; the name (field 1) may hold spaces.
    private static string[]? Stat(int id)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{id}/stat");
            var afterName = text.LastIndexOf(')');
            return [text[..text.IndexOf(' ', StringComparison.Ordinal)], text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..afterName], .. text[(afterName + 2)..].Split(' ')];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
