namespace HaH.Orchestration.Functions.Admissions.Texts;

/// <summary>A pause (the patient back on a hospital ward).</summary>
/// <param name="From">When it began.</param>
/// <param name="Until">When visits resumed; null when the admission ended paused.</param>
/// <param name="Reason">Why, when given.</param>
internal sealed record PauseRecord(DateTimeOffset From, DateTimeOffset? Until = null, string? Reason = null);
