using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class EanNumberTests
{
    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("5790000123452", true)]
    [InlineData("5790000123456", false)] // design/api.md's example: its check digit should be 2
    [InlineData("4006381333932", false)]
    [InlineData("400638133393", false)]
    public void IsValid_ChecksLengthAndGs1CheckDigit(string ean, bool valid) => Assert.Equal(valid, EanNumber.IsValid(ean));

    [Fact]
    public void CheckDigit_OfAllZeros_IsZero() => Assert.Equal(0, EanNumber.CheckDigit("000000000000"));
}
