using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using HaH.Orchestration.Durable.Emulator;
using Microsoft.Extensions.Configuration;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// One Azure Storage account: its table, queue and blob endpoints and clients. Built from a
/// connection string (including <c>UseDevelopmentStorage=true</c>) or, as Azure Functions does
/// for identity-based connections, from endpoints with <see cref="DefaultAzureCredential"/>.
/// </summary>
public sealed class StorageAccount
{
    private StorageAccount(Uri tableEndpoint, Uri queueEndpoint, Uri blobEndpoint, Func<StorageAccount, (TableServiceClient, QueueServiceClient, BlobServiceClient)> createClients)
    {
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        BlobEndpoint = blobEndpoint;
        (Tables, Queues, Blobs) = createClients(this);
    }

    /// <summary>The table service endpoint.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>The queue service endpoint.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>The blob service endpoint.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The table service client.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The queue service client.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The blob service client.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>True when every endpoint is the local emulator's account on this machine.</summary>
    public bool IsLocalEmulator =>
        new[] { TableEndpoint, QueueEndpoint, BlobEndpoint }.All(uri =>
            IsLoopback(uri.Host) && uri.AbsolutePath.Trim('/').Equals(AzuriteEmulator.AccountName, StringComparison.Ordinal));

    /// <summary>A one-line description for start-up output; never contains a key.</summary>
    public string Description => IsLocalEmulator
        ? $"local emulator (Azurite) at {BlobEndpoint.Host} blob:{BlobEndpoint.Port} queue:{QueueEndpoint.Port} table:{TableEndpoint.Port}"
        : $"Azure Storage {TableEndpoint.Host}";

    /// <summary>
    /// Reads the connection named <paramref name="name"/> the way Azure Functions does: a
    /// connection string at <c>name</c>, or identity-based settings at <c>name:accountName</c> or
    /// <c>name:tableServiceUri</c>/<c>queueServiceUri</c>/<c>blobServiceUri</c>.
    /// </summary>
    public static StorageAccount FromConfiguration(IConfiguration configuration, string name = "AzureWebJobsStorage", StorageClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString, settings);
        }

        var section = configuration.GetSection(name);
        var accountName = section["accountName"];
        Uri? Endpoint(string service) =>
            section[$"{service}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : accountName is { Length: > 0 } ? new Uri($"https://{accountName}.{service}.core.windows.net")
            : null;
        var table = Endpoint("table");
        var queue = Endpoint("queue");
        var blob = Endpoint("blob");
        if (table is null || queue is null || blob is null)
        {
            throw new InvalidOperationException(
                $"The storage setting '{name}' is missing: set it to a connection string (locally 'UseDevelopmentStorage=true'), " +
                $"or set '{name}__accountName' (or the three '{name}__tableServiceUri', '__queueServiceUri', '__blobServiceUri') for an identity-based connection.");
        }

        return FromEndpoints(table, queue, blob, new DefaultAzureCredential(), settings);
    }

    /// <summary>An account from a storage connection string.</summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageClientSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = StorageConnectionString.Parse(connectionString);
        settings ??= new StorageClientSettings();
        var gate = settings.NewGate();
        return new StorageAccount(parts.TableEndpoint, parts.QueueEndpoint, parts.BlobEndpoint, _ => (
            new TableServiceClient(parts.Expanded, settings.Apply(new TableClientOptions(), StorageService.Table, gate)),
            new QueueServiceClient(parts.Expanded, settings.Apply(new QueueClientOptions(), StorageService.Queue, gate)),
            new BlobServiceClient(parts.Expanded, settings.Apply(new BlobClientOptions(), StorageService.Blob, gate))));
    }

    /// <summary>An account from its three endpoints and a token credential.</summary>
    public static StorageAccount FromEndpoints(Uri tableEndpoint, Uri queueEndpoint, Uri blobEndpoint, TokenCredential credential, StorageClientSettings? settings = null)
    {
        settings ??= new StorageClientSettings();
        var gate = settings.NewGate();
        return new StorageAccount(tableEndpoint, queueEndpoint, blobEndpoint, _ => (
            new TableServiceClient(tableEndpoint, credential, settings.Apply(new TableClientOptions(), StorageService.Table, gate)),
            new QueueServiceClient(queueEndpoint, credential, settings.Apply(new QueueClientOptions(), StorageService.Queue, gate)),
            new BlobServiceClient(blobEndpoint, credential, settings.Apply(new BlobClientOptions(), StorageService.Blob, gate))));
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
