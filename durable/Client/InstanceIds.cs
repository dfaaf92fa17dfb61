namespace HaH.Orchestration.Durable.Client;

/// <summary>What an instance id may be.</summary>
internal static class InstanceIds
{
    public const int MaxLength = 256;

    public static void Validate(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (instanceId.Length > MaxLength || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException($"An instance id has at most {MaxLength} characters and no control characters; got '{instanceId}'.", nameof(instanceId));
        }
    }
}
