using Microsoft.AspNetCore.Http.Metadata;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// Endpoint metadata: the largest request body a route accepts. Being
/// <see cref="IRequestSizeLimitMetadata"/>, Kestrel enforces it too (routing sets the request's
/// maximum body size from it); <see cref="RequestBodyLimits"/> enforces it on every server,
/// the test server included. An attribute too, so that a Functions app's HTTP function can carry it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RequestBodyLimit(long bytes) : Attribute, IRequestSizeLimitMetadata
{
    public long Bytes { get; } = bytes;

    public long? MaxRequestBodySize => Bytes;
}
