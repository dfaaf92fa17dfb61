using System.Reflection;
using HaH.Orchestration.Functions.Auth;
using HaH.Orchestration.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Hosting;

/// <summary>
/// Every options class is bound where its feature registers itself and validated when the host
/// starts, one way for all (conventions.md): a feature registered on its own gets its settings,
/// and a bad setting stops the start naming it.
/// </summary>
public sealed class OptionsRegistrationTests
{
    [Fact]
    public async Task ApiKeysLoadWhereAuthenticationIsRegisteredWithNothingElse()
    {
        var builder = await UnstartedHost.CreateBuilderAsync("Development", TestTaskHub.NewName());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Keys:ehr:Key"] = "ehr-secret-key",
            ["Auth:Keys:ehr:Role"] = "integrator",
        });

        builder.AddApiKeys();
        await using var app = builder.Build();

        var key = Assert.Single(app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Keys);
        Assert.Equal(("ehr", "ehr-secret-key", "integrator"), (key.Key, key.Value.Key, key.Value.Role));
    }

    [Theory]
    [InlineData("Auth:Keys:ehr:Role", "boss", "Auth:Keys:ehr:Role is 'boss'; expected integrator, sms, ehospital or admin.")]
    [InlineData("Auth:Keys:ehr:Key", "", "Auth:Keys:ehr:Key is empty")]
    [InlineData("Auth:Keys:other:Key", "ehr-secret-key", "Auth:Keys ehr and other have the same secret")]
    [InlineData("Escalation:NursePhone", "70000001", "Escalation:NursePhone '70000001' is not a phone number in E.164")]
    [InlineData("Escalation:NurseHours", "19:30-07:30", "Escalation:NurseHours '19:30-07:30' must look like 07:30-19:30")]
    [InlineData("Escalation:ReminderLeadMinutes", "2000", "Escalation:ReminderLeadMinutes must be 0–1440")]
    [InlineData("Sms:From", "+4512345678", "Sms:From is set but Sms:ConnectionString is empty")]
    [InlineData("Integration:Channel", "carrier-pigeon", "Integration:Channel is 'carrier-pigeon'")]
    [InlineData("Azurite:Location", "", "Azurite:Location is empty")]
    public async Task ABadSettingStopsTheHostAtStartNamingTheSetting(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Keys:ehr:Key"] = "ehr-secret-key",
            ["Auth:Keys:ehr:Role"] = "integrator",
            ["Auth:Keys:other:Role"] = "sms",
            ["Auth:Keys:other:Key"] = "other-secret-key",
            [setting] = value,
        };

        var failure = Assert.IsType<OptionsValidationException>(await TestApplication.StartFailureAsync(settings));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryOptionsClassOfTheAppIsBoundFromItsSectionAndValidatedByItsAnnotationsOnStart()
    {
        using var app = await TestApplication.StartAsync();
        var services = app.Services;
        var optionsTypes = typeof(Program).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal) && type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not null)
            .ToList();

        Assert.NotEmpty(optionsTypes);
        foreach (var type in optionsTypes)
        {
            var validators = (IEnumerable<object>)services.GetRequiredService(typeof(IEnumerable<>).MakeGenericType(typeof(IValidateOptions<>).MakeGenericType(type)));
            Assert.True(
                validators.Any(validator => validator.GetType().IsGenericType && validator.GetType().GetGenericTypeDefinition() == typeof(DataAnnotationValidateOptions<>)),
                $"{type.Name} is not validated by its data annotations (AddOptions<{type.Name}>().BindConfiguration(…).ValidateDataAnnotations().ValidateOnStart()).");
        }
    }
}
