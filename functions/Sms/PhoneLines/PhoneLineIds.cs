namespace HaH.Orchestration.Functions.Sms.PhoneLines;

/// <summary>Every phone the product texts has one phone line instance, named after the number.</summary>
internal static class PhoneLineIds
{
    private const string Prefix = "phone-";

    public static string For(string phone) => Prefix + phone;
}
