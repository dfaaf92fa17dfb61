using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using HaH.Orchestration.Durable.Messaging;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// One storage queue of <see cref="WorkMessage"/>s (a partition's control queue or the work-item
/// queue). Bodies are the message's JSON; one too big for a queue message is written to the blob
/// <c>messages/{message id}</c> and the queue carries <c>{"payloadBlob":"…"}</c> instead.
/// </summary>
internal sealed class MessageQueue(QueueClient queue, PayloadStore payloads)
{
    /// <summary>A queue message holds 64 KB; keep bodies well under it.</summary>
    public const int MaxInlineChars = 45_000;

    /// <summary>The longest visibility delay a storage queue accepts.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    private const string PayloadBlobProperty = "payloadBlob";

    // Messages must never expire in the queue: an unowned partition may wait long for a worker.
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public string Name => queue.Name;

    /// <summary>Sends a message; with a delay it becomes visible only then. One request (two for a large body).</summary>
    public async Task SendAsync(WorkMessage message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (visibilityDelay is { } delay && (delay < TimeSpan.Zero || delay > MaxVisibilityDelay))
        {
            throw new ArgumentOutOfRangeException(nameof(visibilityDelay), delay, "A queue message's visibility delay must be between 0 and 7 days; use a durable timer for longer waits.");
        }

        var body = StorageJson.Serialize(message);
        if (body.Length > MaxInlineChars)
        {
            var blob = new PayloadBlob("messages/" + TableKey.Encode(message.MessageId), body);
            await payloads.UploadAsync(blob, cancellationToken).ConfigureAwait(false);
            body = JsonSerializer.Serialize(new Dictionary<string, string> { [PayloadBlobProperty] = blob.Name }, StorageJson.Options);
        }

        await queue.SendMessageAsync(body, visibilityDelay, NeverExpires, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes up to <paramref name="maxMessages"/> (1–32) visible messages, hiding them for
    /// <paramref name="visibilityTimeout"/>. One request (plus one per large body).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var response = await queue.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(response.Value.Select(message => ReadAsync(message, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Deletes a received message. Already gone (deleted, or its receipt outdated by a newer receive) is not an error.</summary>
    public async Task DeleteAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await queue.DeleteMessageAsync(message.QueueMessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // Another receiver took it after our visibility timeout ended, or it was deleted already.
        }
    }

    /// <summary>
    /// Gives a received message back, visible again after <paramref name="delay"/>. Returns it
    /// with its new pop receipt (the old one stops working).
    /// </summary>
    public async Task<ReceivedMessage> ReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receipt = await queue.UpdateMessageAsync(message.QueueMessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return message with { PopReceipt = receipt.Value.PopReceipt };
    }

    /// <summary>
    /// Gives a received message back like <see cref="ReleaseAsync"/>, for clean-up paths: false,
    /// instead of an error, when it is gone, its receipt is outdated, storage does not answer, or
    /// <paramref name="cancellationToken"/> ends first.
    /// </summary>
    public async Task<bool> TryReleaseAsync(ReceivedMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        try
        {
            await ReleaseAsync(message, delay, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is RequestFailedException or HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The queue's approximate message count, visible and invisible. One request.</summary>
    public async Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        var properties = await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }

    private async Task<ReceivedMessage> ReadAsync(QueueMessage raw, CancellationToken cancellationToken)
    {
        var received = new ReceivedMessage(null, raw.MessageId, raw.PopReceipt, raw.DequeueCount, raw.InsertedOn ?? default)
        {
            QueueName = queue.Name,
            Body = raw.Body.ToString(),
        };
        try
        {
            var body = received.Body;
            if (BlobReference(body) is { } blobName)
            {
                body = await payloads.TryDownloadAsync(blobName, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException($"The message's body blob '{blobName}' does not exist.");
            }

            return received with { Message = StorageJson.Deserialize<WorkMessage>(body), Body = body };
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException)
        {
            return received with { ReadError = $"{error.GetType().Name}: {error.Message}" };
        }
    }

    private static string? BlobReference(string body)
    {
        if (!body.Contains(PayloadBlobProperty, StringComparison.Ordinal) || body.Length > 2_000)
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(PayloadBlobProperty, out var name)
            && name.ValueKind == JsonValueKind.String
            ? name.GetString()
            : null;
    }
}
