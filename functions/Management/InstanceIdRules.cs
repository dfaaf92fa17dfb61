using System.Text;

namespace HaH.Orchestration.Functions.Management;

/// <summary>
/// What an instance id (and an <c>instanceIdPrefix</c>, and a <c>reason</c>) may be on the management routes: 1–256
/// characters, as Durable Functions allows, with no control characters, no Unicode noncharacters
/// (U+FFFE, U+FFFF) and no unpaired surrogates. Anything else cannot name an instance and is
/// refused with a 400 naming the rule, before storage is asked.
/// </summary>
internal static class InstanceIdRules
{
    public const int MaxLength = 256;

    /// <summary>The longest <c>reason</c> a terminate, suspend or resume may carry.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Why <paramref name="text"/> cannot be an instance id (or prefix), or null when it can.</summary>
    public static string? Problem(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > MaxLength)
        {
            return $"{what} must be 1–{MaxLength} characters; it has {text.Length}.";
        }

        foreach (var rune in EnumerateRunesOrNull(text))
        {
            if (rune is not { } r || Rune.IsControl(r) || (r.Value & 0xFFFE) == 0xFFFE || r.Value is >= 0xFDD0 and <= 0xFDEF)
            {
                return $"{what} may not contain control characters, Unicode noncharacters or unpaired surrogates.";
            }
        }

        return null;
    }

    /// <summary>The route filter: the <c>{id}</c> route value and the <c>instanceIdPrefix</c> query, checked on every management route.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var problems = new Dictionary<string, string[]>();
        if (http.Request.RouteValues.TryGetValue("id", out var id) && id is string instanceId && Problem(instanceId, "The instance id") is { } idProblem)
        {
            problems["id"] = [idProblem];
        }

        if (http.Request.Query["instanceIdPrefix"].ToString() is { Length: > 0 } prefix && Problem(prefix, "instanceIdPrefix") is { } prefixProblem)
        {
            problems["instanceIdPrefix"] = [prefixProblem];
        }

        // A reason is recorded in the history (terminate's becomes the output): a sentence, not a document.
        if (http.Request.Query["reason"].ToString() is { Length: > MaxReasonLength } reason)
        {
            problems["reason"] = [$"reason must be at most {MaxReasonLength} characters; it has {reason.Length}."];
        }

        return problems.Count > 0 ? TypedResults.ValidationProblem(problems) : await next(context);
    }

    // Null where a surrogate has no partner.
    private static IEnumerable<Rune?> EnumerateRunesOrNull(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                yield return null;
                yield break;
            }

            yield return rune;
            i += used;
        }
    }
}
