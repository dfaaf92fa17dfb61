using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HaH.Orchestration.Functions.Sms.Replies;

namespace HaH.Orchestration.Functions.Tests.Sms.Replies;

public sealed class SmsReplyParserProperties
{
    private static readonly string[] ConfirmWords = ["OK", "JA", "GIVET"];
    private static readonly string[] Keywords = [.. ConfirmWords, "NEJ"];
    private static readonly string[] Gaps = ["", " ", "  ", "\t", "\n", " \t ", "\r\n", "\u00A0", ",", ": ", "-"];
    private static readonly string[] ReasonGaps = [" ", "  ", "\t", "\n", ": ", ", ", " - ", ". "];
    private static readonly string[] Leads = ["", " ", "\n", "\t "];
    private static readonly string[] Trails = ["", ".", "!", " ", "!!", " .", "\n", "?"];
    private static readonly char[] ReasonLetters = [.. "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéü"];
    private static readonly char[] ReasonCharacters = [.. ReasonLetters, .. "0123456789 .,!?()'\"-–\n/"];

    [Property(MaxTest = 500)]
    public Property Parse_AnyCasingAndSpacingOfAConfirmation_FindsTheCode() =>
        Prop.ForAll(
            (from code in Codes()
             from word in Gen.Elements(ConfirmWords).SelectMany(AnyCasing)
             from codeFirst in Gen.Elements(true, false)
             from lead in Gen.Elements(Leads)
             from gap in Gen.Elements(Gaps)
             from trail in Gen.Elements(Trails)
             select (Text: lead + (codeFirst ? code + gap + word : word + gap + code) + trail, Code: code)).ToArbitrary(),
            reply => SmsReplyParser.Parse(reply.Text) == new SmsReply(SmsReplyKind.Confirm, reply.Code, null));

    [Property(MaxTest = 500)]
    public Property Parse_AnyCasingAndSpacingOfADecline_RoundTripsCodeAndReason() =>
        Prop.ForAll(
            (from code in Codes()
             from word in AnyCasing("NEJ")
             from codeFirst in Gen.Elements(true, false)
             from gap in Gen.Elements(Gaps)
             from reasonGap in Gen.Elements(ReasonGaps)
             from reason in Reasons()
             select (Text: (codeFirst ? code + gap + word : word + gap + code) + reasonGap + reason, Code: code, Reason: reason)).ToArbitrary(),
            reply => SmsReplyParser.Parse(reply.Text) == new SmsReply(SmsReplyKind.Decline, reply.Code, reply.Reason));

    [Property(MaxTest = 1000)]
    public void Parse_AnyString_NeverThrows(string? text) => SmsReplyParser.Parse(text);

    [Property(MaxTest = 1000)]
    public Property Parse_StringsOfReplyPieces_NeverThrow() =>
        Prop.ForAll(Pieces().ToArbitrary(), text => SmsReplyParser.Parse(text) is not null);

    [Property(MaxTest = 1000)]
    public Property Parse_AnyStringWithoutAKeyword_IsUnknown() =>
        Prop.ForAll(
            Gen.OneOf(ArbMap.Default.GeneratorFor<string>(), Pieces()).Where(text => !HasKeyword(text)).ToArbitrary(),
            text => SmsReplyParser.Parse(text) == SmsReply.Unknown);

    private static Gen<string> Codes() => Gen.Choose(0, 9999).Select(n => n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));

    private static Gen<string> AnyCasing(string word) =>
        Gen.CollectToArray(word, c => Gen.Elements(char.ToUpperInvariant(c), char.ToLowerInvariant(c))).Select(chars => new string(chars));

    /// <summary>Reasons as nurses write them: start with a letter, end without whitespace.</summary>
    private static Gen<string> Reasons() =>
        from first in Gen.Elements(ReasonLetters)
        from middle in Gen.ArrayOf(Gen.Elements(ReasonCharacters))
        from last in Gen.Elements(ReasonLetters)
        select first + new string(middle) + last;

    /// <summary>Strings built from what replies are made of, plus the characters that break naive code.</summary>
    private static Gen<string> Pieces() =>
        Gen.ArrayOf(Gen.Elements(
                "OK", "ok", "Ja", "GIVET", "nej", "NE", "J", "O", "K", "4711", "0000", "12", "123", "12345", " ", "\t", "\n",
                ".", "!", "?", ":", "👍", "\uFE0F", "\u200D", "\u030A", "\uD800", "\uDC00", "æ", "ø", "å", "Å", "ı", "\u00A0", "٤"))
            .Select(string.Concat);

    private static bool HasKeyword(string? text) =>
        text is not null && Keywords.Any(keyword => text.ToUpperInvariant().Contains(keyword, StringComparison.Ordinal));
}
