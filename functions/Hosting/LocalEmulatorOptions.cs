using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>How the host runs Azurite when storage is the local emulator (section <c>Azurite</c>).</summary>
internal sealed class LocalEmulatorOptions
{
    public const string Section = "Azurite";

    /// <summary>Start Azurite when storage is the local emulator and nothing listens there. Default true.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>
    /// Folder for Azurite's data, so a restart keeps the admissions. Relative paths are relative to the
    /// repository root (the folder with node_modules). Default <c>.azurite</c> (ignored by git).
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Azurite:Location is empty: name a folder for Azurite's data, or set Azurite:InMemory to true.")]
    public string Location { get; set; } = ".azurite";

    /// <summary>Keep Azurite's data in memory only (tests, demos). Default false.</summary>
    public bool InMemory { get; set; }
}
