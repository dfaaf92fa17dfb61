namespace HaH.Orchestration.Functions.Tests.Admissions.Letters;

/// <summary>The letter's sender settings are checked when the host starts, and a wrong one is named.</summary>
public sealed class EHospitalOptionsTests
{
    [Theory]
    [InlineData("EHospital:EanNumber", "579000000001", "EHospital:EanNumber '579000000001' is not an EAN location number")]
    [InlineData("EHospital:SorCode", "SOR-1", "EHospital:SorCode 'SOR-1' is not a SOR code")]
    [InlineData("EHospital:Phone", "70000000", "EHospital:Phone '70000000' is not a phone number in E.164")]
    [InlineData("EHospital:Name", " ", "EHospital:Name must be the eHospital's name")]
    public async Task TheHostDoesNotStartWithAWrongSenderSetting(string setting, string value, string expected)
    {
        var error = await TestApplication.StartFailureAsync(new Dictionary<string, string?> { [setting] = value });

        Assert.NotNull(error);

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
