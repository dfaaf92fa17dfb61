namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>One API key per role (<c>Auth:Keys:{name}</c>), the same in both hostings under test.</summary>
internal static class TestKeys
{
    public static readonly IReadOnlyDictionary<string, string> ByRole = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["integrator"] = "funcapp-test-integrator-key",
        ["sms"] = "funcapp-test-sms-key",
        ["admin"] = "funcapp-test-admin-key",
        ["ehospital"] = "funcapp-test-ehospital-key",
    };

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
        ByRole.SelectMany(pair => new KeyValuePair<string, string?>[]
        {
            new($"Auth:Keys:{pair.Key}:Key", pair.Value),
            new($"Auth:Keys:{pair.Key}:Role", pair.Key),
        });
}
