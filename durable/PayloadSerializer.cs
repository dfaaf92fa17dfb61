using System.Text.Json;

namespace HaH.Orchestration.Durable;

/// <summary>The one place that turns payload objects into JSON text and back; null stays null.</summary>
internal static class PayloadSerializer
{
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), DurableSerializer.Options);

    public static string? Serialize(object? value, Type declaredType) =>
        value is null ? null : JsonSerializer.Serialize(value, declaredType == typeof(object) ? value.GetType() : declaredType, DurableSerializer.Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, DurableSerializer.Options);

    public static T Deserialize<T>(string? json) =>
        json is null ? default! : JsonSerializer.Deserialize<T>(json, DurableSerializer.Options)!;
}
