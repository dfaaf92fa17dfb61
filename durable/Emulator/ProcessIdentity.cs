using System.Diagnostics;
using System.Globalization;

namespace HaH.Orchestration.Durable.Emulator;

/// <summary>
/// One process as the operating system knows it: its id and, on Linux, its start time (the 22nd
/// field of <c>/proc/{pid}/stat</c>), so that a later process given the same id is not taken for
/// it. Used to make sure a stopped child is gone without relying only on .NET's view of its
/// children: in test runs that start many processes, that view has said a child exited while it
/// still ran.
/// </summary>
internal sealed record ProcessIdentity(int Id, string? StartTime)
{
    public static ProcessIdentity Of(int processId) => new(processId, ReadStat(processId) is { } stat ? Field(stat, 22) : null);

    /// <summary>
    /// True while the process runs (a zombie has exited). Where the system has no <c>/proc</c>,
    /// false: .NET's own view is all there is.
    /// </summary>
    public bool IsRunning =>
        StartTime is not null
        && ReadStat(Id) is { } stat
        && Field(stat, 22) == StartTime
        && Field(stat, 3) is not ("Z" or "X");

    /// <summary>Asks the process to stop as Ctrl+C would (SIGINT, through the system's <c>kill</c>); false when that could not be sent.</summary>
    public bool Interrupt()
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit(TimeSpan.FromSeconds(5));
            return kill is { HasExited: true, ExitCode: 0 };
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string? ReadStat(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Fields after the command name, which is in parentheses and may itself hold spaces.
    private static string? Field(string stat, int number)
    {
        var afterName = stat.LastIndexOf(')');
        var fields = stat[(afterName + 2)..].Split(' ');
        var index = number - 3;
        return index >= 0 && index < fields.Length ? fields[index] : null;
    }
}
