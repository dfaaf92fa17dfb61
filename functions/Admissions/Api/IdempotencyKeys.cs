using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using HaH.Orchestration.Functions.Storage;

namespace HaH.Orchestration.Functions.Admissions.Api;

/// <summary>
/// The <c>Idempotency-Key</c>s of the admission change routes, in the table
/// <c>{taskHub}IdempotencyKeys</c> (partition: the admission id; row: the key; the route and a
/// fingerprint of the body). A key names one change: sent again with the same route and body it is
/// a retry; sent with another route or body within <see cref="Retention"/> it is refused, as
/// payment APIs refuse it (the IETF Idempotency-Key draft's 422), instead of the second change
/// being dropped unseen. One small row per keyed change.
/// </summary>
internal sealed class IdempotencyKeys
{
    /// <summary>The table name after the task hub prefix.</summary>
    public const string TableSuffix = "IdempotencyKeys";

    /// <summary>How long a key stays bound to its change; after that it may name a new one.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly TableClient _table;
    private readonly TimeProvider _clock;
    private readonly CreateOnce _created;

    public IdempotencyKeys(TableServiceClient tables, string taskHub, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(StorageNames.Table(taskHub, TableSuffix));
        _clock = clock;
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>A key a client may send: 1–100 printable ASCII characters (no spaces).</summary>
    public static bool IsWellFormed(string key) => key.Length is >= 1 and <= 100 && key.All(c => c is > ' ' and <= '~');

    /// <summary>What a change is: its route and its body, as the binding read it (so formatting does not matter).</summary>
    public static string Fingerprint(string route, object? body)
    {
        var json = JsonSerializer.Serialize(body, body?.GetType() ?? typeof(object), JsonSerializerOptions.Web);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(route + "\n" + json)))[..32];
    }

    /// <summary>
    /// Binds <paramref name="key"/> to the change, or finds it bound: <see cref="IdempotencyClaim.Retry"/>
    /// for the same change, <see cref="IdempotencyClaim.Mismatch"/> (with the route it was used for)
    /// for another one.
    /// </summary>
    public async Task<(IdempotencyClaim Claim, string? BoundRoute)> ClaimAsync(string admissionId, string key, string route, string fingerprint, CancellationToken ct)
    {
        await _created.EnsureAsync(ct).ConfigureAwait(false);
        var entity = new TableEntity(TableKey.Encode(admissionId), TableKey.Encode(key))
        {
            ["Route"] = route,
            ["Fingerprint"] = fingerprint,
            ["CreatedAt"] = _clock.GetUtcNow(),
        };
        try
        {
            await _table.AddEntityAsync(entity, ct).ConfigureAwait(false);
            return (IdempotencyClaim.New, null);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            // Bound before: the same change again, another change, or a binding that has expired.
        }

        var bound = (await _table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: ct).ConfigureAwait(false)).Value;
        if (bound.GetString("Fingerprint") == fingerprint)
        {
            return (IdempotencyClaim.Retry, route);
        }

        if (_clock.GetUtcNow() - (bound.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue) < Retention)
        {
            return (IdempotencyClaim.Mismatch, bound.GetString("Route"));
        }

        try
        {
            await _table.UpdateEntityAsync(entity, bound.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return (IdempotencyClaim.New, null);
        }
        catch (RequestFailedException error) when (error.Status == 412)
        {
            // Another request rebound the expired key at the same moment: it is not this one's.
            return (IdempotencyClaim.Mismatch, null);
        }
    }
}

/// <summary>What an <c>Idempotency-Key</c> means for a change request.</summary>
internal enum IdempotencyClaim
{
    /// <summary>The key is new (or its old binding expired): apply the change.</summary>
    New,

    /// <summary>The same route and body came with this key before: a retry, answered as before.</summary>
    Retry,

    /// <summary>The key was used for another change: refuse.</summary>
    Mismatch,
}
