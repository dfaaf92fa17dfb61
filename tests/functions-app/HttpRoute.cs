namespace HaH.Orchestration.FunctionsApp.Tests;

/// <summary>A method and a path as the OpenAPI document writes them: <c>POST /api/admissions/{id}/plan</c>.</summary>
internal sealed record HttpRoute(string Method, string Path) : IComparable<HttpRoute>
{
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "get", "put", "post", "delete", "patch", "options", "head" };

    public int CompareTo(HttpRoute? other) =>
        other is null ? 1 : string.CompareOrdinal(Path, other.Path) is var byPath and not 0 ? byPath : string.CompareOrdinal(Method, other.Method);

    public override string ToString() => $"{Method} {Path}";
}
