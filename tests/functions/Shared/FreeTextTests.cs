using HaH.Orchestration.Functions.Shared;

namespace HaH.Orchestration.Functions.Tests.Shared;

public sealed class FreeTextTests
{
    [Theory]
    [InlineData("010180-1234")]
    [InlineData("0101801234")]
    [InlineData("010180 1234")]
    [InlineData("01.01.80-1234")]
    [InlineData("01 01 80 1234")]
    [InlineData("01-01-80-1234")]
    [InlineData("01/01/80-1234")]
    [InlineData("010180 - 1234")]
    [InlineData("010180–1234")]
    [InlineData("０１０１８０－１２３４")]
    [InlineData("010180\u00AD1234")]
    public void Clean_CprInACommonNotation_IsMasked(string cpr)
    {
        Assert.Equal("cpr xxxxxx-xxxx ok", FreeText.Clean($"cpr {cpr} ok", 100));
        Assert.Equal("cprxxxxxx-xxxxok", FreeText.Clean($"cpr{cpr}ok", 100));
    }

    [Theory]
    [InlineData("NEJ 4711 kl. 14:00")]
    [InlineData("4711 14:00 2026-03-02")]
    [InlineData("EAN 5790000123456")]
    [InlineData("tlf 20 00 00 01")]
    [InlineData("01.01.2026 kl 14")]
    public void Clean_CodesTimesDatesAndLongerNumbers_AreKept(string text) =>
        Assert.Equal(text, FreeText.Clean(text, 100));

    [Fact]
    public void Clean_ControlAndInvisibleCharacters_AreRemovedAndWhitespaceCollapsed() =>
        Assert.Equal("a b cd 👩‍⚕️", FreeText.Clean(" a\r\n\tb\u0000\u001B c\u200B\u202Ed\u2028 👩‍⚕️ ", 100));

    [Fact]
    public void Clean_LongText_IsClippedWithAMarkAndNeverSplitsASurrogatePair()
    {
        Assert.Equal("abcdefg...", FreeText.Clean("abcdefghijklmnop", 10));
        Assert.Equal("abcdef...", FreeText.Clean("abcdef😀xyz", 10));
    }

    [Fact]
    public void Clean_HugeText_LooksOnlyAtWhatItKeeps() =>
        Assert.Equal(100, FreeText.Clean(new string('1', 1_000_000) + " 0101801234", 100).Length);

    [Theory]
    [InlineData("Karen Jensen afviste", "[navn] afviste")]
    [InlineData("KAREN afviste, jensens datter ringede", "[navn] afviste, [navn] datter ringede")]
    [InlineData("Karens", "[navn]")]
    [InlineData("Karenlund og Jensenvej", "Karenlund og Jensenvej")]
    [InlineData("Ka\u200Bren sov", "[navn] sov")]
    public void Clean_KnownNames_AreRemovedWhereTheyStandAsWords(string text, string expected) =>
        Assert.Equal(expected, FreeText.Clean(text, 100, ["Karen Jensen"]));

    [Fact]
    public void Clean_AHyphenatedNameAndOneLetterParts_RemovesTheNamesOnly() =>
        Assert.Equal("[navn] og [navn] og [navn] og K og A", FreeText.Clean("Hansen-Berg og Berg og Hansen og K og A", 100, ["Anne K Hansen-Berg", null]));

    [Fact]
    public void ForLog_ALineBreak_CannotStartALine() =>
        Assert.Equal("id INFO forged", FreeText.ForLog("id\nINFO forged"));
}
