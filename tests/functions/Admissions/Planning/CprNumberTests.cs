using HaH.Orchestration.Functions.Admissions.Planning;
using NodaTime;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class CprNumberTests
{
    [Theory]
    [InlineData("0101800000", 1980)]
    [InlineData("0101363999", 1936)]
    [InlineData("0101364000", 2036)]
    [InlineData("0101374999", 1937)]
    [InlineData("0101005000", 2000)]
    [InlineData("0101578999", 2057)]
    [InlineData("0101585000", 1858)]
    [InlineData("0101998999", 1899)]
    [InlineData("0101369000", 2036)]
    [InlineData("0101379999", 1937)]
    public void BirthDate_SeventhDigitAndYear_GiveTheCentury(string cpr, int year) =>
        Assert.Equal(new LocalDate(year, 1, 1), CprNumber.BirthDate(cpr));

    [Theory]
    [InlineData("2902001234")] // 1900 was not a leap year
    [InlineData("2902004000")] // 2000 was
    [InlineData("3104801234")]
    [InlineData("0100801234")]
    public void BirthDate_CalendarRules_Apply(string cpr) =>
        Assert.Equal(cpr == "2902004000", CprNumber.BirthDate(cpr) is not null);

    [Theory]
    [InlineData("010180-1234", "0101801234")]
    [InlineData("0101801234", "0101801234")]
    [InlineData("01018-01234", null)]
    [InlineData("0101801234 ", null)]
    [InlineData("٠١٠١٨٠١٢٣٤", null)]
    public void Digits_AcceptsTenDigitsOrTheHyphenForm(string text, string? digits) => Assert.Equal(digits, CprNumber.Digits(text));

    [Fact]
    public void Format_PutsTheHyphenAfterTheSixth() => Assert.Equal("010180-1234", CprNumber.Format("0101801234"));
}
