using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// API keys and the role policies routes require: integrator, sms and admin (admin may do everything);
/// failed keys and sign-ins throttled per client address (<see cref="FailedAttempts"/>).
/// </summary>
internal static class AuthRegistration
{
    public const string IntegratorPolicy = Roles.Integrator;
    public const string SmsPolicy = Roles.Sms;
    public const string AdminPolicy = Roles.Admin;

    public static TBuilder AddApiKeys<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyVerifier>();
        builder.Services.AddOptions<FailedAttemptOptions>()
            .BindConfiguration(FailedAttemptOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // By the wall clock: the virtual clock of a simulation must not lift (or extend) a block.
        builder.Services.AddSingleton(services => new FailedAttempts(
            services.GetRequiredService<IOptions<FailedAttemptOptions>>(), TimeProvider.System, services.GetRequiredService<ILogger<FailedAttempts>>()));
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(IntegratorPolicy, policy => policy.RequireRole(Roles.Integrator, Roles.Admin))
            .AddPolicy(SmsPolicy, policy => policy.RequireRole(Roles.Sms, Roles.Admin))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }
}
