using HaH.Orchestration.Durable.Emulator;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>The endpoints a storage connection string names, with <c>UseDevelopmentStorage=true</c> expanded.</summary>
internal sealed record StorageConnectionString(string Expanded, Uri TableEndpoint, Uri QueueEndpoint, Uri BlobEndpoint)
{
    public static StorageConnectionString Parse(string connectionString)
    {
        var values = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);

        if (values.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            var host = values.TryGetValue("DevelopmentStorageProxyUri", out var proxy) ? new Uri(proxy).Host : "127.0.0.1";
            return Parse(AzuriteEmulator.BuildConnectionString(host, 10000, 10001, 10002));
        }

        values.TryGetValue("AccountName", out var account);
        var protocol = values.TryGetValue("DefaultEndpointsProtocol", out var p) ? p : "https";
        var suffix = values.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
        Uri Endpoint(string service, string key) =>
            values.TryGetValue(key, out var explicitEndpoint) ? new Uri(explicitEndpoint)
            : account is not null ? new Uri($"{protocol}://{account}.{service}.{suffix}")
            : throw new FormatException($"The storage connection string names neither {key} nor AccountName.");

        return new StorageConnectionString(
            connectionString,
            Endpoint("table", "TableEndpoint"),
            Endpoint("queue", "QueueEndpoint"),
            Endpoint("blob", "BlobEndpoint"));
    }
}
