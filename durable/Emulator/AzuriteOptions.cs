namespace HaH.Orchestration.Durable.Emulator;

/// <summary>How to start a local Azurite (the Azure Storage emulator).</summary>
public sealed record AzuriteOptions
{
    /// <summary>Address Azurite listens on. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Blob port; 0 picks a free port. Default 0.</summary>
    public int BlobPort { get; init; }

    /// <summary>Queue port; 0 picks a free port. Default 0.</summary>
    public int QueuePort { get; init; }

    /// <summary>Table port; 0 picks a free port. Default 0.</summary>
    public int TablePort { get; init; }

    /// <summary>
    /// Folder for Azurite's data, kept between runs. Null keeps everything in memory
    /// (tests and benchmarks). Default null.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// Folder to search (with its parents) for <c>node_modules/azurite</c>. Null searches
    /// from the current directory and from the application's base directory.
    /// </summary>
    public string? SearchFrom { get; init; }

    /// <summary>How long to wait for all three services to accept connections. Default 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The standard local ports (10000–10002) that <c>UseDevelopmentStorage=true</c> expects.</summary>
    public static AzuriteOptions StandardPorts(string? dataDirectory) =>
        new() { BlobPort = 10000, QueuePort = 10001, TablePort = 10002, DataDirectory = dataDirectory };
}
