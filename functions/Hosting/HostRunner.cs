using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>Runs the host and turns the start-up failures a person can fix into one clear message.</summary>
internal static class HostRunner
{
    /// <summary>Runs until shut down; returns the process exit code (0 normal, also when stopped while starting; 1 failed to start).</summary>
    public static async Task<int> RunReportingStartupErrorsAsync(this WebApplication app)
    {
        StartupBanner.PrintWhenStarted(app);
        if (FindAddressInUse(ConfiguredUrls(app)) is { } taken)
        {
            await Console.Error.WriteLineAsync(AddressInUseMessage($"{taken} is already in use."));
            return 1;
        }

        // Taken now: once RunAsync has failed, the host's services are disposed.
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException ex) when (IsAddressInUse(ex))
        {
            // Reached only when another program took the port between the check above and the bind.
            await Console.Error.WriteLineAsync(AddressInUseMessage(FirstLine(ex.Message)));
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Ctrl+C while starting cancels the start, which the host reports by throwing: a stop
            // asked for, not a crash (unhandled, it aborted the process with exit code 134).
            return 0;
        }
    }

    // Before start the server's address list is still empty; the addresses are in the "urls" setting.
    private static IEnumerable<string> ConfiguredUrls(WebApplication app) =>
        (app.Configuration["urls"] ?? HostUrls.Default).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string AddressInUseMessage(string what) =>
        $"Cannot start: {what} Another program (perhaps another HaH.Orchestration host) is listening there. " +
        "Stop it, or choose another address, e.g. --urls http://localhost:7072";

    /// <summary>
    /// The first configured address whose port another program already listens on. Checked before
    /// anything starts, so a second host stops with one line instead of a logged stack trace.
    /// </summary>
    private static string? FindAddressInUse(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port == 0)
            {
                continue;
            }

            var address = uri.Host is "localhost" ? System.Net.IPAddress.Loopback
                : System.Net.IPAddress.TryParse(uri.Host, out var parsed) ? parsed
                : null;
            if (address is null)
            {
                continue;
            }

            try
            {
                using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new System.Net.IPEndPoint(address, uri.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return $"{uri.Scheme}://{uri.Host}:{uri.Port}";
            }
        }

        return null;
    }

    private static bool IsAddressInUse(Exception ex) =>
        ex is AddressInUseException
        || (ex is SocketException socket && socket.SocketErrorCode == SocketError.AddressAlreadyInUse)
        || (ex.InnerException is not null && IsAddressInUse(ex.InnerException));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
