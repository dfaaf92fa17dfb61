using System.Globalization;
using Azure.Data.Tables;

namespace HaH.Orchestration.Durable.Storage;

/// <summary>
/// A text column that may exceed one property's 32 K characters, split over the properties
/// <c>{name}</c>, <c>{name}_1</c>, <c>{name}_2</c>, … of the same row so it stays in one point read.
/// </summary>
internal static class ChunkedColumn
{
    public static void Set(TableEntity entity, string column, string text)
    {
        for (int start = 0, index = 0; start < text.Length || index == 0; start += PayloadStore.MaxInlineChars, index++)
        {
            entity[Name(column, index)] = text.Substring(start, Math.Min(PayloadStore.MaxInlineChars, text.Length - start));
        }
    }

    public static string? Get(TableEntity entity, string column)
    {
        var first = entity.GetString(column);
        if (first is null || first.Length < PayloadStore.MaxInlineChars)
        {
            return first;
        }

        var parts = new List<string> { first };
        for (var index = 1; entity.GetString(Name(column, index)) is { } part; index++)
        {
            parts.Add(part);
        }

        return string.Concat(parts);
    }

    private static string Name(string column, int index) =>
        index == 0 ? column : column + "_" + index.ToString(CultureInfo.InvariantCulture);
}
