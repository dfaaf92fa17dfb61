namespace HaH.Orchestration.Functions.Sms;

/// <summary>Phone numbers as they may be stored beside delivery states and shown to administrators: the country code and the last two digits.</summary>
internal static class PhoneMask
{
    /// <summary><c>+4520000001</c> becomes <c>+45******01</c>; anything too short to mask keeps only its last character.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        const int Shown = 2;
        var prefix = phone.StartsWith('+') && phone.Length > 5 ? 3 : 0;
        return phone.Length <= prefix + Shown + 1
            ? new string('*', phone.Length - 1) + phone[^1]
            : phone[..prefix] + new string('*', phone.Length - prefix - Shown) + phone[^Shown..];
    }
}
