using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Auth;

/// <summary>
/// API keys and their roles (section <c>Auth:Keys</c>): <c>Auth:Keys:{name}:Key</c> and
/// <c>Auth:Keys:{name}:Role</c>, role one of <see cref="Roles"/>. Validated on start: a key
/// without a secret or with an unknown role would silently never work.
/// </summary>
internal sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The keys by name. Default: none (the sample settings hold the development keys).</summary>
    public Dictionary<string, ApiKey> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in Keys)
        {
            if (string.IsNullOrWhiteSpace(key.Key))
            {
                yield return new ValidationResult($"{Section}:Keys:{name}:Key is empty: set the secret callers send, or remove the key.", [nameof(Keys)]);
            }

            if (!Roles.All.Contains(key.Role))
            {
                yield return new ValidationResult(
                    $"{Section}:Keys:{name}:Role is '{key.Role}'; expected {string.Join(", ", Roles.All.SkipLast(1))} or {Roles.All[^1]}.", [nameof(Keys)]);
            }
        }

        // One secret under two names would make the name recorded in histories a guess.
        foreach (var shared in Keys.Where(pair => !string.IsNullOrWhiteSpace(pair.Value.Key)).GroupBy(pair => pair.Value.Key, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            yield return new ValidationResult(
                $"{Section}:Keys {string.Join(" and ", shared.Select(pair => pair.Key))} have the same secret: give each key its own.", [nameof(Keys)]);
        }
    }
}

/// <summary>One API key.</summary>
internal sealed class ApiKey
{
    /// <summary>The secret the caller sends as <c>x-api-key</c> or <c>code=</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The role it grants: <c>integrator</c>, <c>sms</c>, <c>ehospital</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";
}

/// <summary>The roles a key can have.</summary>
internal static class Roles
{
    /// <summary>Other systems: the admission routes.</summary>
    public const string Integrator = "integrator";

    /// <summary>Event Grid: the SMS webhook.</summary>
    public const string Sms = "sms";

    /// <summary>The eHospital's nurses and doctors: the dashboard's today board and acknowledging alarms on it, nothing else.</summary>
    public const string EHospital = "ehospital";

    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Integrator, Sms, EHospital, Admin];
}

/// <summary>
/// The documented development keys: public, printed at start-up, and refused outside
/// Development so that a deployment can never run with them.
/// </summary>
internal static class DevelopmentKeys
{
    public const string Integrator = "dev-integrator-key";
    public const string Sms = "dev-sms-key";
    public const string EHospital = "dev-ehospital-key";
    public const string Admin = "dev-admin-key";

    public static bool IsDevelopmentKey(string key) => key is Integrator or Sms or EHospital or Admin;
}
