using System.Text;
using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using HaH.Orchestration.Durable.Time;
using HaH.Orchestration.Functions.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// Prints a short summary once the host listens: where, which storage, the settings file and, in
/// Development, the development keys. Written to the console, not to the logs, so keys never
/// reach a log sink; keys other than the documented development keys are never printed.
/// </summary>
internal static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => Console.Out.Write(Compose(app)));
    }

    internal static string Compose(WebApplication app)
    {
        var configuration = app.Configuration;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var emulator = app.Services.GetRequiredService<LocalStorageEmulator>();
        var account = app.Services.GetRequiredService<StorageAccount>();
        var keys = app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Keys;

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"HaH.Orchestration is running ({app.Environment.EnvironmentName})");
        text.AppendLine($"  Listening on  {string.Join(", ", addresses)}");
        text.AppendLine($"  Storage       {account.Description}" + (account.IsLocalEmulator ? $" — {emulator.Status}" : ""));
        text.AppendLine($"  Task hub      {app.Services.GetRequiredService<IOptions<AzureStorageOptions>>().Value.TaskHub}");
        var clock = app.Services.GetRequiredService<TimeProvider>();
        text.AppendLine($"  Clock         {(clock is VirtualTimeProvider ? $"virtual, now {clock.GetUtcNow():u} (moves only when advanced)" : "system")}");
        text.AppendLine($"  Settings      {configuration[LocalSettings.LocalSettingsFileKey] ?? "no local.settings.json; environment and appsettings only"}");
        text.AppendLine($"  Health        /health (alive), /health/ready (storage answers)");
        text.AppendLine($"  API docs      {OpenApiRegistration.DocumentPath}" + (app.Environment.IsDevelopment() ? $", reference page {OpenApiRegistration.ReferencePath}/" : ""));
        text.AppendLine("  Dashboard     / (sign in with an admin key)" + (app.Environment.IsDevelopment() ? ", phone simulator /phone" : ""));
        if (keys.Count > 0)
        {
            text.AppendLine(app.Environment.IsDevelopment()
                ? "  Keys          (send as header x-api-key; query code= counts only on /api/sms/events and /runtime/webhooks/durabletask)"
                : "  Keys          development keys are refused outside Development");
            foreach (var (name, key) in keys.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var shown = DevelopmentKeys.IsDevelopmentKey(key.Key) && app.Environment.IsDevelopment() ? key.Key : "(configured, not shown)";
                text.AppendLine($"    {name,-12} role {key.Role,-11} {shown}");
            }
        }

        text.AppendLine("  Stop with Ctrl+C.");
        return text.ToString();
    }
}
