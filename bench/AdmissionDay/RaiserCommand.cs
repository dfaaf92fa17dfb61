using System.Globalization;
using System.Text.Json;
using HaH.Orchestration.Bench.Cli;
using HaH.Orchestration.Bench.Engines;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>
/// The hidden <c>raiser</c> sub-command: the "other process" of admission-day and cold-events. A
/// client of the given engine only (no worker) on the given task hub; the connection string comes
/// in <see cref="StorageVariable"/>. Protocol, one line each: it prints <c>ready</c>; reads
/// <c>{instanceId} {visit}</c> from stdin and raises <c>VisitConfirmed</c> at once (concurrently),
/// printing <c>raised {instanceId} {visit} {startUtcTicks} {returnUtcTicks}</c>; at the end of
/// stdin it prints <c>counts {json}</c> (its storage requests by operation) and exits.
/// </summary>
internal static class RaiserCommand
{
    public const string Name = "raiser";
    public const string StorageVariable = "HAH_BENCH_STORAGE";
    public static readonly string[] Options = ["task-hub", "engine"];

    public static async Task<int> RunAsync(OptionReader options, CancellationToken cancellationToken)
    {
        var taskHub = options.Required("task-hub");
        var engine = EngineChoice.ParseOne(Name, options.Required("engine"));
        var connectionString = Environment.GetEnvironmentVariable(StorageVariable)
            ?? throw new CommandLineException($"{Name}: the storage connection string is expected in the environment variable {StorageVariable}; it is not set.");
        var counter = new StorageRequestCounter();
        await using var client = await WorkloadEngines.CreateClientAsync(engine, connectionString, taskHub, counter, cancellationToken);
        var output = Console.Out;
        lock (output)
        {
            output.WriteLine("ready");
            output.Flush();
        }

        var raises = new List<Task>();
        while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var visit))
            {
                await Console.Error.WriteLineAsync($"{Name}: expected '{{instanceId}} {{visit}}', got '{line}'; ignored.");
                continue;
            }

            raises.Add(RaiseAsync(client, parts[0], visit, output, cancellationToken));
        }

        await Task.WhenAll(raises);
        lock (output)
        {
            output.WriteLine("counts " + JsonSerializer.Serialize(counter.Snapshot().ByOperation));
            output.Flush();
        }

        return 0;
    }

    private static async Task RaiseAsync(IEngineClient client, string instanceId, int visit, TextWriter output, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var started = AdmissionDayProbe.Now();
        await client.RaiseConfirmationAsync(instanceId, visit, cancellationToken);
        var returned = AdmissionDayProbe.Now();
        lock (output)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raised {instanceId} {visit} {started.UtcTicks} {returned.UtcTicks}"));
            output.Flush();
        }
    }
}
