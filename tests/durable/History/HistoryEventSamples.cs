using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using DurableTask.Core;
using DurableTask.Core.History;

namespace HaH.Orchestration.Durable.Tests.History;

/// <summary>
/// DurableTask.Core history events with every stored member set to a value other than its default,
/// so that a member lost on the way to storage and back shows.
/// </summary>
internal static class HistoryEventSamples
{
    public static readonly DateTime At = new(2026, 3, 1, 8, 30, 15, 123, DateTimeKind.Utc);

    /// <summary>An event of <paramref name="type"/> with every data member set.</summary>
    public static HistoryEvent Full(Type type) => (HistoryEvent)Fill(RuntimeHelpers.GetUninitializedObject(type), depth: 0);

    /// <summary>The members DurableTask.Core stores: its <c>[DataMember]</c>s.</summary>
    public static IEnumerable<PropertyInfo> DataMembers(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<DataMemberAttribute>(inherit: true) is not null && p.Name != nameof(HistoryEvent.EventType));

    /// <summary>The name a data member is stored under.</summary>
    public static string StoredName(PropertyInfo member) => member.GetCustomAttribute<DataMemberAttribute>(inherit: true)?.Name ?? member.Name;

    private static object Fill(object target, int depth)
    {
        var type = target.GetType();
        var members = type.GetCustomAttribute<DataContractAttribute>() is not null
            ? DataMembers(type)
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetSetMethod() is not null);
        foreach (var member in members)
        {
            // IsPlayed is the executor's mark, set on events it has played; it is stored like any other.
            Set(target, member, Value(member.PropertyType, member.Name, depth));
        }

        return target;
    }

    private static object? Value(Type type, string name, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => $"{name} ✓ 1",
            _ when underlying == typeof(int) => 7,
            _ when underlying == typeof(long) => 7L,
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(DateTime) => At,
            _ when underlying == typeof(DateTimeOffset) => new DateTimeOffset(At),
            _ when underlying == typeof(FailureDetails) => new FailureDetails(
                "Ward.Full", "no bed", "at Admit()", new FailureDetails("Inner", "inner message", null, null, false), true, new Dictionary<string, object?> { ["ward"] = "B7" }),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().Last(),
            _ when typeof(IDictionary).IsAssignableFrom(underlying) || (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IDictionary<,>)) =>
                new Dictionary<string, string> { ["tag"] = "value" },
            _ when underlying.IsClass && depth < 3 => Fill(RuntimeHelpers.GetUninitializedObject(underlying), depth + 1),
            _ => throw new NotSupportedException($"No sample value for {name} of type {type}."),
        };
    }

    private static void Set(object target, PropertyInfo member, object? value)
    {
        if (member.GetSetMethod(nonPublic: true) is { } setter)
        {
            setter.Invoke(target, [value]);
            return;
        }

        for (var type = target.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetField($"<{member.Name}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance) is { } field)
            {
                field.SetValue(target, value);
                return;
            }
        }

        throw new NotSupportedException($"{target.GetType().Name}.{member.Name} has neither a setter nor a backing field.");
    }
}
