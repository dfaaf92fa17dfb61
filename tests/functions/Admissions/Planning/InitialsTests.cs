using HaH.Orchestration.Functions.Admissions.Planning;

namespace HaH.Orchestration.Functions.Tests.Admissions.Planning;

public sealed class InitialsTests
{
    [Theory]
    [InlineData("Karen Jensen", "KJ")]
    [InlineData("Søren Ærø-Ågård", "SÆ")]
    [InlineData("karen marie jensen", "KJ")]
    [InlineData("Åse Øster", "ÅØ")]
    [InlineData("  Ib   ", "I")]
    [InlineData("Anne-Mette Hansen-Ødegaard", "AH")]
    [InlineData("(Karen) Jensen", "KJ")]
    [InlineData("", "")]
    public void Of_FirstAndLastNamesFirstLetters(string name, string initials) => Assert.Equal(initials, Initials.Of(name));
}
