using HaH.Orchestration.Functions.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Tests.Sms;

/// <summary>The settings that limit and pseudonymise SMS are checked when the host starts.</summary>
public sealed class SmsSettingsTests
{
    [Theory]
    [InlineData("Sms:HelpPerHour", "-1", "Sms:HelpPerHour must be 0–10000")]
    [InlineData("Sms:HelpPerNumberPerHour", "100", "Sms:HelpPerNumberPerHour must be 0–10")]
    [InlineData("Sms:PseudonymKey", "too-short", "Sms:PseudonymKey must be at least 32 characters")]
    public async Task ABadSmsSettingStopsTheHostAtStartNamingTheSetting(string setting, string value, string expected)
    {
        var failure = Assert.IsType<OptionsValidationException>(await TestApplication.StartFailureAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDevelopmentPseudonymKeyIsRefusedOutsideDevelopment()
    {
        var failure = Assert.IsType<OptionsValidationException>(await TestApplication.StartFailureAsync(
            new Dictionary<string, string?> { ["Sms:PseudonymKey"] = SmsInboundOptions.DevelopmentPseudonymKey },
            builder => builder.UseEnvironment("Production")));

        Assert.Contains("Sms:PseudonymKey is the documented development key", failure.Message, StringComparison.Ordinal);
    }
}
