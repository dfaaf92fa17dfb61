namespace HaH.Orchestration.Bench.Engines;

/// <summary>The runtime a workload runs on.</summary>
internal enum EngineKind
{
    /// <summary>This project's runtime (durable/) behind the Microsoft.DurableTask SDK.</summary>
    Hah,

    /// <summary>The peer: the Durable Task Framework on its Azure Storage backend, default settings.</summary>
    Dtfx,
}
