using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("+4520000001", "+4520000001")]
    [InlineData("ADM-2026-0001", "ADM-2026-0001")]
    [InlineData("a/b\\c#d?e%f", "a%002Fb%005Cc%0023d%003Fe%0025f")]
    [InlineData("line\nbreak", "line%000Abreak")]
    [InlineData("Næstved", "Næstved")]
    public void Encode_Value_EscapesOnlyWhatTablesRefuse(string value, string key)
    {
        Assert.Equal(key, TableKey.Encode(value));
    }

    [Fact]
    public void Encode_DifferentValues_GiveDifferentKeys()
    {
        Assert.NotEqual(TableKey.Encode("a/b"), TableKey.Encode("a%002Fb"));
    }

    [Fact]
    public void Encode_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableKey.Encode(new string('x', TableKey.MaxLength + 1)));
    }
}
