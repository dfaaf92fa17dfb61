using System.Text.Json;
using HaH.Orchestration.Durable;

namespace HaH.Orchestration.Functions.Shared;

/// <summary>
/// Event payloads of a polymorphic type (<c>AdmissionSignal</c>, <c>PhoneLineSignal</c>) must be
/// written as their base type, so the receiver finds the <c>kind</c> discriminator: the runtime
/// serializes a payload by its run-time type, which would leave the discriminator out.
/// </summary>
internal static class EventPayload
{
    public static JsonElement Of<TBase>(TBase value) => JsonSerializer.SerializeToElement(value, DurableSerializer.Options);
}
