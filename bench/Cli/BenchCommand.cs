using HaH.Orchestration.Bench.AdmissionDay;
using HaH.Orchestration.Bench.ColdEvents;
using HaH.Orchestration.Bench.LongAdmission;
using HaH.Orchestration.Bench.Measurement;

namespace HaH.Orchestration.Bench.Cli;

/// <summary>The bench's sub-commands, their options and exit codes (0 done, 1 failed, 2 bad arguments, 130 interrupted).</summary>
internal static class BenchCommand
{
    public const string Help = """
        HaH.Orchestration.Bench: the standard workloads of the durable runtime, against its own Azurite.

        Usage:
          dotnet run -c Release --project bench -- admission-day [options]
          dotnet run -c Release --project bench -- cold-events [options]
          dotnet run -c Release --project bench -- long-admission [options]
          dotnet run -c Release --project bench -- replay

        admission-day   N admissions, V visits each: SendVisitSms, then VisitConfirmed against a
                        10-minute timer (raised by the driver as soon as the SMS activity ran),
                        then WriteSummary. One worker in this process; a second process raises
                        the events of some admissions. Then the worker idles and is counted.
          --admissions N     admissions (default 200, 1–100000)
          --visits V         visits per admission (default 4, 1–100)
          --idle-seconds S   idle period counted after the work (default 120, 0–3600)
          --remote-every K   every K-th admission's events are raised from another process
                             (default 2: every other admission; 0: none)
          --raise-on WHEN    sms-sent (default): confirm as soon as SendVisitSms has run;
                             waiting: as soon as the orchestrator waits for the confirmation
          --timeout-minutes M  give up when the work is not done after M minutes (default 60)
          --out FILE         write the result as JSON to FILE (default: print it)
          --requests-in-flight R  storage requests in flight per process (the runtime's
                             MaxConcurrentRequests; default its default; 0: no bound; hah only)
          --engine E         hah (default: this runtime), dtfx (the peer: DTFx's Azure Storage
                             backend, default settings) or both (back to back, with the
                             ratios hah ÷ dtfx)
          --rounds R         with --engine both: run the pair R times, order reversed every
                             other round (default 1)

        cold-events     M admissions waiting for confirmations; the worker idles, then events are
                        raised one at a time from another process: event → step committed on a
                        quiet worker, and what the idle worker costs.
          --admissions M          waiting admissions (default 20, 1–10000)
          --events E              events raised, round robin over the admissions (default 20)
          --gap-seconds G         seconds between two events (default 10)
          --idle-before-seconds S idle window before the first event (default 60); its last
                                  30 s are also reported alone (the settled polling)
          --engine E              hah (default), dtfx or both (hah, then dtfx, with ratios)
          --out FILE              write the result as JSON to FILE (default: print it)

        long-admission  The app's real AdmissionOrchestrator on the virtual clock: one admission,
                        every visit's reminder confirmed by SMS, to its discharge.
          --days D            days of treatment (default 30, 1–120)
          --visits-per-day K  doses a day (default 4, 1–6)
          --out FILE          write the result as JSON to FILE (default: print it)

        replay          BenchmarkDotNet: one cold orchestration step replaying 50, 100 and 200
                        history events (CPU time and allocations), in this process.

        Figures and how they are measured: bench/README.md.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.WriteLine(Help);
            return args.Length == 0 ? 2 : 0;
        }

        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (interrupted.IsCancellationRequested)
            {
                return; // A second Ctrl+C ends the process at once; Azurite's guard stops Azurite.
            }

            e.Cancel = true;
            Console.Error.WriteLine("Interrupted: stopping the worker and Azurite (Ctrl+C again to kill) ...");
            interrupted.Cancel();
        };

        var rest = args.Skip(1).ToArray();
        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.WriteLine(Help);
                return 0;
            }

            switch (args[0])
            {
                case "admission-day":
                    var day = AdmissionDaySettings.From(new OptionReader(args[0], rest, AdmissionDaySettings.Options));
                    return day.Engines is [var engine]
                        ? await WriteAsync(await new AdmissionDayWorkload(day).RunAsync(engine, interrupted.Token), day.Out)
                        : await WriteAsync(await new AdmissionDayComparison(day).RunAsync(interrupted.Token), day.Out);
                case "cold-events":
                    var cold = ColdEventsSettings.From(new OptionReader(args[0], rest, ColdEventsSettings.Options));
                    return cold.Engines is [var coldEngine]
                        ? await WriteAsync(await new ColdEventsWorkload(cold).RunAsync(coldEngine, interrupted.Token), cold.Out)
                        : await WriteAsync(await new ColdEventsComparison(cold).RunAsync(interrupted.Token), cold.Out);
                case "long-admission":
                    var stay = LongAdmissionSettings.From(new OptionReader(args[0], rest, LongAdmissionSettings.Options));
                    return await WriteAsync(await new LongAdmissionWorkload(stay).RunAsync(interrupted.Token), stay.Out);
                case "replay":
                    return Replay.ReplayCommand.Run();
                case RaiserCommand.Name:
                    return await RaiserCommand.RunAsync(new OptionReader(args[0], rest, RaiserCommand.Options), interrupted.Token);
                default:
                    throw new CommandLineException($"Unknown command '{args[0]}': expected admission-day, cold-events, long-admission or replay.");
            }
        }
        catch (CommandLineException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("Run with --help for the options.");
            return 2;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted; no result written.");
            return 130;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or Azure.RequestFailedException)
        {
            Console.Error.WriteLine($"{args[0]} failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> WriteAsync(object result, string? path)
    {
        var json = ResultJson.Serialize(result);
        if (path is null)
        {
            Console.WriteLine(json);
            return 0;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, json + Environment.NewLine);
        Console.WriteLine($"Result written to {full}");
        return 0;
    }
}
