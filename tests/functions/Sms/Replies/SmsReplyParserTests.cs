using HaH.Orchestration.Functions.Sms.Replies;

namespace HaH.Orchestration.Functions.Tests.Sms.Replies;

public sealed class SmsReplyParserTests
{
    [Theory]
    [InlineData("OK 4711")]
    [InlineData("ok4711")]
    [InlineData("4711 ok")]
    [InlineData("4711ok")]
    [InlineData("Ok  4711")]
    [InlineData("  OK\t4711 ")]
    [InlineData("OK\n4711\n")]
    [InlineData("ja 4711")]
    [InlineData("JA4711")]
    [InlineData("givet4711")]
    [InlineData("GIVET 4711")]
    [InlineData("4711 Givet")]
    [InlineData("OK 4711.")]
    [InlineData("OK 4711!")]
    [InlineData("OK, 4711")]
    [InlineData("\"OK 4711\"")]
    [InlineData("OK 4711 👍")]
    [InlineData("OK\u00A04711")]
    public void Parse_ConfirmationWithCode_IsConfirmWithThatCode(string text)
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Confirm, "4711", null), SmsReplyParser.Parse(text));
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("ok")]
    [InlineData("JA")]
    [InlineData("GIVET")]
    [InlineData("Givet.")]
    [InlineData(" ok! ")]
    public void Parse_ConfirmationWithoutCode_IsConfirmWithoutCode(string text)
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Confirm, null, null), SmsReplyParser.Parse(text));
    }

    [Theory]
    [InlineData("NEJ 4711 patienten sov", "patienten sov")]
    [InlineData("nej4711 patienten sov", "patienten sov")]
    [InlineData("4711 nej patienten sov", "patienten sov")]
    [InlineData("Nej 4711:  Adgangen er stoppet til. ", "Adgangen er stoppet til.")]
    [InlineData("NEJ 4711 Patienten var på skadestuen, nål fjernet – ring til mig", "Patienten var på skadestuen, nål fjernet – ring til mig")]
    [InlineData("NEJ 4711 ÆØÅ æøå", "ÆØÅ æøå")]
    [InlineData("NEJ 4711 sov\nring senere", "sov\nring senere")]
    [InlineData("NEJ 4711", "")]
    [InlineData("NEJ 4711.", "")]
    [InlineData("4711 NEJ", "")]
    public void Parse_DeclineWithCode_KeepsTheReasonAsWritten(string text, string reason)
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Decline, "4711", reason), SmsReplyParser.Parse(text));
    }

    [Theory]
    [InlineData("NEJ", "")]
    [InlineData("nej, patienten sov", "patienten sov")]
    public void Parse_DeclineWithoutCode_IsDeclineWithoutCode(string text, string reason)
    {
        Assert.Equal(new SmsReply(SmsReplyKind.Decline, null, reason), SmsReplyParser.Parse(text));
    }

    [Fact]
    public void Parse_DecomposedDanishLetters_ReasonIsComposed()
    {
        var decomposed = "NEJ 4711 pa\u030Ase"; // "påse" with a combining ring, as some phones send it

        var reply = SmsReplyParser.Parse(decomposed);

        Assert.Equal("p\u00E5se", reply.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("Hej")]
    [InlineData("tak")]
    [InlineData("4711")]
    [InlineData("OK 471")]
    [InlineData("OK 47111")]
    [InlineData("471 OK")]
    [InlineData("47111 ok")]
    [InlineData("NEJ 471 sov")]
    [InlineData("NEJ 47111")]
    [InlineData("OKAY 4711")]
    [InlineData("JAKOB")]
    [InlineData("NEJSA")]
    [InlineData("OK 4711 tak")]
    [InlineData("Hvad betyder 4711?")]
    [InlineData("OK ٤٧١١")]
    public void Parse_NotAReply_IsUnknown(string? text)
    {
        Assert.Equal(SmsReply.Unknown, SmsReplyParser.Parse(text));
    }

    [Fact]
    public void Parse_LoneSurrogate_IsUnknownInsteadOfThrowing()
    {
        Assert.Equal(SmsReply.Unknown, SmsReplyParser.Parse("\uD800 OK"));
        Assert.Equal(new SmsReply(SmsReplyKind.Decline, "4711", "sov \uFFFD"), SmsReplyParser.Parse("NEJ 4711 sov \uDC00"));
    }
}
