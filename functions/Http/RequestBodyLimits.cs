using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace HaH.Orchestration.Functions.Http;

/// <summary>
/// Answers 413 before a handler runs when a request body is larger than its route's limit
/// (<see cref="RequestBodyLimit"/>, or any other <see cref="IRequestSizeLimitMetadata"/>): at once when Content-Length says so, otherwise while reading
/// (chunked bodies). Bodies within the limit are read into memory first, so the handler — and
/// the JSON binding before it — never sees a partial body.
/// </summary>
internal static class RequestBodyLimits
{
    /// <summary>The limit of the JSON routes: 64 KiB, some 80 times a full admission start body.</summary>
    public const long JsonApi = 64 * 1024;

    private const int ChunkSize = 16 * 1024;

    /// <summary>Limits the bodies of <paramref name="builder"/>'s routes to <paramref name="bytes"/>.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return builder.WithMetadata(new RequestBodyLimit(bytes));
    }

    /// <summary>After authentication and authorization: an unknown caller's body is not read.</summary>
    public static WebApplication UseRequestBodyLimits(this WebApplication app)
    {
        app.Use(EnforceAsync);
        return app;
    }

    /// <summary>The limit of the route this request matched, if it has one.</summary>
    public static long? Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

    /// <summary>
    /// The check itself, for hosts without ASP.NET Core's pipeline (the Functions app's worker middleware):
    /// answers 413 (empty; the caller writes the problem) or calls <paramref name="next"/> with the body in memory.
    /// </summary>
    internal static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var limit = Of(context);
        var request = context.Request;
        if (limit is null || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context);
            return;
        }

        if (request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var body = await ReadAtMostAsync(request.Body, limit.Value, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var original = request.Body;
        request.Body = body;
        try
        {
            await next(context);
        }
        finally
        {
            request.Body = original;
            await body.DisposeAsync();
        }
    }

    /// <summary>The whole body, or null as soon as it turns out longer than <paramref name="limit"/>.</summary>
    private static async Task<MemoryStream?> ReadAtMostAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (copy.Length + read > limit)
                {
                    await copy.DisposeAsync();
                    return null;
                }

                copy.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel enforcing the same limit (see RequestBodyLimit).
            await copy.DisposeAsync();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        copy.Position = 0;
        return copy;
    }
}
