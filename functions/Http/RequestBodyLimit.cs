using Microsoft.AspNetCore.Http.Metadata;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// Endpoint metadata: the largest request body a route accepts. Being
/// <see cref="IRequestSizeLimitMetadata"/>, Kestrel enforces it too (routing sets the request's
/// maximum body size from it); <see cref="RequestBodyLimits"/> enforces it on every server,
/// the test server included.
/// </summary>
internal sealed record RequestBodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => Bytes;
}
