namespace HaH.Orchestration.Durable.Emulator;

/// <summary>Finds Node.js and the repository's npm-installed Azurite.</summary>
internal static class AzuriteInstallation
{
    private const string ScriptPath = "node_modules/azurite/dist/src/azurite.js";

    public static string FindAzuriteScript(string? searchFrom)
    {
        var starts = searchFrom is not null
            ? [searchFrom]
            : new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"Azurite is not installed: no {ScriptPath} in {string.Join(" or ", starts)} or their parents. " +
            "Run 'npm ci' in the repository root (the build does this itself when npm is on PATH).");
    }

    public static string FindNode()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "node", "node.exe" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Node.js was not found on PATH. Install Node.js 20 or later: the local storage emulator (Azurite) runs on it.");
    }

    /// <summary>Writes the guard script (embedded in this assembly) to a temporary file once per content.</summary>
    public static string WriteGuardScript()
    {
        using var stream = typeof(AzuriteInstallation).Assembly.GetManifestResourceStream("azurite-guard.cjs")
            ?? throw new InvalidOperationException("The embedded azurite-guard.cjs resource is missing from the build.");
        using var reader = new StreamReader(stream);
        var content = reader.ReadToEnd();
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))[..12];
        var path = Path.Combine(Path.GetTempPath(), $"hah-azurite-guard-{hash}.cjs");
        if (!File.Exists(path))
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }
}
