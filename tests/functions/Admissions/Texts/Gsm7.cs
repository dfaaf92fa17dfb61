namespace HaH.Orchestration.Functions.Tests.Admissions.Texts;

/// <summary>The GSM 03.38 default alphabet: SMS text that stays in it is sent as 7-bit, 160 a part.</summary>
internal static class Gsm7
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>True when every character is in the basic set (no escape-table characters either).</summary>
    public static bool IsBasic(string text) => text.All(c => Basic.Contains(c, StringComparison.Ordinal));

    /// <summary>How many SMS parts a basic-set text takes: 160 alone, 153 each when concatenated.</summary>
    public static int Parts(string text) => text.Length <= 160 ? 1 : (text.Length + 152) / 153;
}
