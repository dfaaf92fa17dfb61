namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// Endpoint metadata: the route also takes the API key as the query parameter <c>code=</c>. Only the
/// routes whose callers cannot send headers carry it — the SMS webhook (Event Grid puts the key in the
/// subscription's URL) and the Durable Functions management routes (Durable Functions' clients carry
/// <c>code=</c> in their management URLs). Everywhere else a key in a URL would land in browser
/// histories, proxy logs and <c>Referer</c> headers, so <c>code=</c> is ignored there.
/// An attribute too, so that a Functions app's HTTP function can carry it as its endpoint metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
internal sealed class KeyInQuery : Attribute
{
    private static readonly KeyInQuery Instance = new();

    /// <summary>The routes of <paramref name="builder"/> take the key as <c>code=</c> too.</summary>
    public static TBuilder AcceptOn<TBuilder>(TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(Instance);
    }

    /// <summary>Whether the route <paramref name="context"/> matched takes <c>code=</c>.</summary>
    public static bool IsAccepted(HttpContext context) => context?.GetEndpoint()?.Metadata.GetMetadata<KeyInQuery>() is not null;

    /// <summary>Whether endpoint <paramref name="metadata"/> says so (for the OpenAPI document).</summary>
    public static bool IsAccepted(IEnumerable<object> metadata) => metadata?.OfType<KeyInQuery>().Any() == true;

    /// <summary>Whether the request sends <c>code=</c> where it does not count: worth telling the caller.</summary>
    public static bool IsIgnored(HttpContext context) =>
        context is not null && context.Request.Query.ContainsKey(ApiKeyAuthentication.QueryName) && !IsAccepted(context);
}

/// <summary>Route builder extension for <see cref="KeyInQuery"/>.</summary>
internal static class KeyInQueryExtensions
{
    /// <summary>The routes take the API key as the query parameter <c>code=</c> too; see <see cref="KeyInQuery"/>.</summary>
    public static TBuilder AcceptKeyInQuery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => KeyInQuery.AcceptOn(builder);
}
