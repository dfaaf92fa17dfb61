using HaH.Orchestration.Functions.Sms;

namespace HaH.Orchestration.Functions.Tests.Sms;

public sealed class PhoneMaskTests
{
    [Theory]
    [InlineData("+4520000001", "+45******01")]
    [InlineData("4520000001", "********01")]
    [InlineData("+451", "***1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_KeepsOnlyTheCountryCodeAndTheLastDigits(string? phone, string expected) =>
        Assert.Equal(expected, PhoneMask.Mask(phone));
}
