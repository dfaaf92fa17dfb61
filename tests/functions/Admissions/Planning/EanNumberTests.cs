using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class EanNumberTests
{
    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("5790000123456", true)] // design/api.md's example, accepted as documented
    [InlineData("400638133393", false)]
    [InlineData("40063813339310", false)]
    [InlineData("400638133393X", false)]
    [InlineData("４００６３８１３３３９３１", false)] // full-width digits are not ASCII digits
    public void IsValid_ChecksThirteenAsciiDigits(string ean, bool valid) => Assert.Equal(valid, EanNumber.IsValid(ean));
}
