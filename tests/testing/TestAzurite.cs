using HaH.Orchestration.Durable.Emulator;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Testing;

/// <summary>
/// One Azurite per test run (per test assembly), on free ports so that it never collides with a
/// developer's own Azurite, started on first use and stopped when the test process exits —
/// also when tests fail, and even when the test process is killed (the guard sees its stdin close).
/// </summary>
public static class TestAzurite
{
    private static readonly Lazy<Task<AzuriteEmulator>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The run's Azurite, started if this is the first call.</summary>
    public static Task<AzuriteEmulator> GetAsync() => Shared.Value;

    /// <summary>The run's Azurite as a storage account.</summary>
    public static async Task<StorageAccount> GetAccountAsync() =>
        StorageAccount.FromConnectionString((await GetAsync().ConfigureAwait(false)).ConnectionString);

    private static async Task<AzuriteEmulator> StartAsync()
    {
        var emulator = await AzuriteEmulator.StartAsync(new AzuriteOptions()).ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return emulator;
    }
}
