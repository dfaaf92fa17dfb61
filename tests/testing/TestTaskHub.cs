namespace HaH.Orchestration.Testing;

/// <summary>Task hub names that keep every test's tables, queues and containers apart.</summary>
public static class TestTaskHub
{
    /// <summary>
    /// A new, unique task hub name: a letter then 15 hex digits, so that table, queue and
    /// container names built from it stay valid (lowercase, alphanumeric, short).
    /// </summary>
    public static string NewName() => "t" + Guid.NewGuid().ToString("N")[..15];
}
