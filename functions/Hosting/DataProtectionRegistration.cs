using HaH.Orchestration.Durable.Hosting;
using HaH.Orchestration.Durable.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>
/// ASP.NET Core data protection — which encrypts the dashboard's session cookie and its antiforgery
/// tokens — with its keys in the task hub's storage account (blob <c>keys.xml</c> of container
/// <c>{taskHub}-dataprotection</c>) and one application name, so that every instance of the host, and
/// the same host after a restart, reads the others' cookies and tokens.
/// </summary>
/// <remarks>
/// Without it the keys lived in the process (or the user profile of one machine): a session or a form
/// opened on one instance was refused by the next, and a restart signed everybody out. The keys lie in
/// the blob unencrypted (data protection warns so when it makes one, about every 90 days): whoever can
/// read the account can read every admission already, and the app has no key vault to wrap them with.
/// </remarks>
internal static class DataProtectionRegistration
{
    /// <summary>The same for every instance: data protection isolates applications by it.</summary>
    public const string ApplicationName = "HaH.Orchestration";

    public const string BlobName = "keys.xml";

    public static string ContainerName(string taskHub) => taskHub.ToLowerInvariant() + "-dataprotection";

    public static WebApplicationBuilder AddDataProtectionKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<StorageAccount, IOptions<AzureStorageOptions>>((keys, account, durable) =>
            keys.XmlRepository = new BlobXmlRepository(account.Blobs.GetBlobContainerClient(ContainerName(durable.Value.TaskHub)), BlobName));
        return builder;
    }
}
