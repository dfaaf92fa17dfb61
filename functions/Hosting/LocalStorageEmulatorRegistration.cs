namespace HaH.Orchestration.Functions.Hosting;

/// <summary>Registers <see cref="LocalStorageEmulator"/> first among the hosted services.</summary>
internal static class LocalStorageEmulatorRegistration
{
    public static WebApplicationBuilder AddLocalStorageEmulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalEmulatorOptions>()
            .BindConfiguration(LocalEmulatorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalStorageEmulator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LocalStorageEmulator>());
        return builder;
    }
}
