using Microsoft.AspNetCore.Authentication;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>API keys and the role policies routes require: integrator, sms and admin (admin may do everything).</summary>
internal static class AuthRegistration
{
    public const string IntegratorPolicy = Roles.Integrator;
    public const string SmsPolicy = Roles.Sms;
    public const string AdminPolicy = Roles.Admin;

    public static WebApplicationBuilder AddApiKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyVerifier>();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(IntegratorPolicy, policy => policy.RequireRole(Roles.Integrator, Roles.Admin))
            .AddPolicy(SmsPolicy, policy => policy.RequireRole(Roles.Sms, Roles.Admin))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }
}
