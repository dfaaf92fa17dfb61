using FsCheck.Xunit;
using HaH.Orchestration.Durable.Storage;

namespace HaH.Orchestration.Durable.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("plain-id_1", "plain-id_1")]
    [InlineData("a/b", "a~002Fb")]
    [InlineData("a\\b#c?d", "a~005Cb~0023c~003Fd")]
    [InlineData("~", "~007E")]
    [InlineData("tab\there\u007f", "tab~0009here~007F")]
    [InlineData("ünï'code %", "ünï'code %")]
    public void Encode_KnownIds_EscapesOnlyForbiddenCharactersAndTheEscape(string id, string expected)
    {
        Assert.Equal(expected, TableKey.Encode(id));
        Assert.Equal(id, TableKey.Decode(expected));
    }

    [Property(MaxTest = 500)]
    public bool EncodeThenDecode_AnyNonEmptyString_RoundTripsAndIsAValidKey(FsCheck.NonEmptyString value)
    {
        var id = value.Get;
        if (id.Length > 80)
        {
            return true;
        }

        var key = TableKey.Encode(id);
        return TableKey.Decode(key) == id && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }

    [Property(MaxTest = 300)]
    public bool Encode_PrefixOfId_IsPrefixOfEncodedId(FsCheck.NonEmptyString value, int cut)
    {
        var id = value.Get;
        var prefix = id[..((Math.Abs(cut) % id.Length) + 1)];
        return TableKey.Encode(id).StartsWith(TableKey.Encode(prefix), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MalformedEscape_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => TableKey.Decode("abc~00"));

    [Fact]
    public void Encode_TooLongId_ThrowsSayingTheLimit()
    {
        var error = Assert.Throws<ArgumentException>(() => TableKey.Encode(new string('/', 200)));
        Assert.Contains("at most 512", error.Message, StringComparison.Ordinal);
    }
}
