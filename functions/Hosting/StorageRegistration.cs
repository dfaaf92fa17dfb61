using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Functions.Hosting;

/// <summary>Registers the storage account named by <c>AzureWebJobsStorage</c>.</summary>
internal static class StorageRegistration
{
    /// <summary>The setting that names the storage account, as in Azure Functions.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    /// <summary>Used when no setting names storage: the local emulator.</summary>
    public const string LocalDefault = "UseDevelopmentStorage=true";

    public static TBuilder AddStorage<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(services => ReadAccount(services.GetRequiredService<IConfiguration>(), settings: null));
        return builder;
    }

    /// <summary>The configured account; the local emulator when nothing is configured.</summary>
    public static StorageAccount ReadAccount(IConfiguration configuration, StorageClientSettings? settings)
    {
        var hasConnection = !string.IsNullOrWhiteSpace(configuration[ConnectionSetting])
            || configuration.GetSection(ConnectionSetting).GetChildren().Any();
        return hasConnection
            ? StorageAccount.FromConfiguration(configuration, ConnectionSetting, settings)
            : StorageAccount.FromConnectionString(LocalDefault, settings);
    }
}
