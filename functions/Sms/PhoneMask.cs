namespace HaH.Orchestration.Functions.Sms;

/// <summary>Phone numbers as they may be stored beside delivery states and shown to administrators: the country code and the last two digits.</summary>
internal static class PhoneMask
{
    /// <summary><c>+4520000001</c> becomes <c>+45******01</c>; five characters or fewer keep only the last one.</summary>
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        const int Shown = 2;
        if (phone.Length <= 5)
        {
            return new string('*', phone.Length - 1) + phone[^1];
        }

        var prefix = phone.StartsWith('+') ? 3 : 0;
        return phone[..prefix] + new string('*', phone.Length - prefix - Shown) + phone[^Shown..];
    }
}
