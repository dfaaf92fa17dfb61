using System.ComponentModel.DataAnnotations;
using System.Net;

namespace HaH.Orchestration.Functions.Sms.Acs;

/// <summary>
/// Azure Communication Services for outbound SMS (section <c>Sms</c>). Both settings empty: SMS
/// go to the local outbox. Both set: through ACS. One without the other is a start-up error.
/// </summary>
internal sealed class AcsSmsOptions : IValidatableObject
{
    public const string Section = "Sms";

    /// <summary>
    /// The resource's connection string, <c>endpoint=https://….communication.azure.com/;accesskey=…</c>
    /// (the access key base64, as the portal shows it). Default: empty, the local outbox.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The sender: a number the resource owns in E.164 (<c>+45…</c>), or an alphanumeric sender id. Default: empty.</summary>
    public string From { get; set; } = "";

    /// <summary>True when SMS go through ACS rather than the local outbox.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(From);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Problems().Select(problem => new ValidationResult(problem, [nameof(ConnectionString), nameof(From)]));

    /// <summary>What is wrong with the settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var hasConnection = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasFrom = !string.IsNullOrWhiteSpace(From);
        if (hasConnection != hasFrom)
        {
            return [hasConnection
                ? "Sms:ConnectionString is set but Sms:From is empty: set the sender number ACS should text from (e.g. +4512345678), or empty both to use the local outbox."
                : "Sms:From is set but Sms:ConnectionString is empty: set the ACS connection string (endpoint=https://…;accesskey=…), or empty both to use the local outbox."];
        }

        if (!hasConnection)
        {
            return [];
        }

        var problems = new List<string>();
        if (!TryParse(ConnectionString, out _, out var connectionProblem))
        {
            problems.Add(connectionProblem);
        }

        var from = From.Trim();
        var validFrom = from.StartsWith('+')
            ? from.Length is >= 8 and <= 16 && from[1..].All(char.IsAsciiDigit)
            : from.Length <= 11 && from.All(char.IsAsciiLetterOrDigit) && from.Any(char.IsAsciiLetter);
        if (!validFrom)
        {
            problems.Add($"Sms:From '{from}' is neither a number in E.164 (+ and 7–15 digits) nor an alphanumeric sender id (1–11 letters and digits).");
        }

        return problems;
    }

    /// <summary>The endpoint and the decoded access key; throws with the reason when the connection string is unusable.</summary>
    public AcsConnection Connection() =>
        TryParse(ConnectionString, out var connection, out var problem) ? connection : throw new InvalidOperationException(problem);

    private static bool TryParse(string connectionString, out AcsConnection connection, out string problem)
    {
        connection = null!;
        string? endpoint = null;
        string? key = null;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = part[(equals + 1)..].Trim();
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                // Base64 may end in '=', so everything after the first '=' is the key.
                key = part[(equals + 1)..].Trim();
            }
        }

        if (endpoint is null || key is null)
        {
            problem = "Sms:ConnectionString must have the form endpoint=https://<resource>.communication.azure.com/;accesskey=<key>; "
                + $"it lacks {(endpoint is null ? "endpoint" : "accesskey")}.";
            return false;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))))
        {
            problem = "The endpoint in Sms:ConnectionString must be an https URL (plain http only on this machine, for tests).";
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            problem = "The accesskey in Sms:ConnectionString is not base64: copy it unchanged from the resource's Keys page.";
            return false;
        }

        if (decoded.Length == 0)
        {
            problem = "The accesskey in Sms:ConnectionString is empty.";
            return false;
        }

        connection = new AcsConnection(new Uri(uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/') + "/"), decoded);
        problem = "";
        return true;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>Where ACS is and the key requests are signed with.</summary>
/// <param name="Endpoint">The resource's endpoint, ending in <c>/</c>.</param>
/// <param name="AccessKey">The decoded access key (the HMAC key).</param>
internal sealed record AcsConnection(Uri Endpoint, byte[] AccessKey);
