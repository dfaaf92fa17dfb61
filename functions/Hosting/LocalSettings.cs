using System.Text.Json;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c>'s <c>Values</c> the way Azure Functions does, as the
/// lowest-precedence settings: appsettings*.json, environment variables and the command line
/// override them. Without a <c>local.settings.json</c>, the documented defaults in
/// <c>local.settings.sample.json</c> apply, so a fresh clone runs with no set-up.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>
    /// Adds the settings file found in <paramref name="startDirectory"/> or the nearest parent
    /// that has one (local.settings.json preferred over the sample in the same folder).
    /// </summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, string startDirectory)
    {
        var file = Find(startDirectory);
        if (file is null)
        {
            return configuration;
        }

        var values = ReadValues(file);
        values[LocalSettingsFileKey] = file;
        // Lowest precedence: before appsettings.json, environment variables and the command line.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values });
        return configuration;
    }

    /// <summary>The configuration key that records which settings file was read (shown at start-up).</summary>
    public const string LocalSettingsFileKey = "Host:SettingsFile";

    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var name in new[] { FileName, SampleFileName })
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The <c>Values</c> object, with Azure Functions' <c>__</c> separators turned into <c>:</c>.</summary>
    public static Dictionary<string, string?> ReadValues(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }

        return values;
    }
}
