namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// A Service Bus connection string as the portal gives it:
/// <c>Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName={name};SharedAccessKey={key}[;EntityPath={entity}]</c>.
/// </summary>
/// <param name="Endpoint">
/// Where the REST API answers, ending in <c>/</c>: <c>sb://</c> becomes <c>https://</c> (without
/// the AMQP port); <c>https://</c> stays; <c>http://</c> is accepted only for a loopback host (a
/// local stand-in such as the tests' fake), so that message bodies never cross a network unencrypted.
/// </param>
/// <param name="KeyName">The shared access policy's name (<c>SharedAccessKeyName</c>).</param>
/// <param name="Key">The policy's key (<c>SharedAccessKey</c>), as text: Service Bus signs with its UTF-8 bytes.</param>
/// <param name="EntityPath">The queue or topic, when the connection string names one.</param>
internal sealed record ServiceBusConnectionString(Uri Endpoint, string KeyName, string Key, string? EntityPath)
{
    /// <summary>Parses <paramref name="text"/>; a <see cref="FormatException"/> says what is missing, never the key.</summary>
    public static ServiceBusConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: a Base64 key ends in '='.
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("Expected name=value pairs separated by ';' (Endpoint=sb://…/;SharedAccessKeyName=…;SharedAccessKey=…).");
            }

            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("A connection string with a ready-made SharedAccessSignature is not supported; give SharedAccessKeyName and SharedAccessKey so that tokens can be renewed.");
        }

        var endpoint = ToRestEndpoint(Required(parts, "Endpoint"));
        return new ServiceBusConnectionString(
            endpoint,
            Required(parts, "SharedAccessKeyName"),
            Required(parts, "SharedAccessKey"),
            parts.TryGetValue("EntityPath", out var entity) && entity.Length > 0 ? entity : null);
    }

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"It has no {name}; expected Endpoint=sb://{{namespace}}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=….");

    private static Uri ToRestEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new FormatException($"Its Endpoint '{endpoint}' is not an absolute URI such as sb://{{namespace}}.servicebus.windows.net/.");
        }

        var builder = uri.Scheme switch
        {
            "sb" => new UriBuilder(Uri.UriSchemeHttps, uri.Host) { Path = uri.AbsolutePath },
            "https" => new UriBuilder(uri),
            "http" when uri.IsLoopback => new UriBuilder(uri),
            "http" => throw new FormatException($"Its Endpoint '{endpoint}' is plain http to a host that is not this machine; use sb:// or https:// (http is only for a local stand-in on 127.0.0.1 or localhost)."),
            _ => throw new FormatException($"Its Endpoint '{endpoint}' has the scheme '{uri.Scheme}'; expected sb:// (or https://)."),
        };
        builder.Query = string.Empty;
        builder.Fragment = string.Empty;
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
