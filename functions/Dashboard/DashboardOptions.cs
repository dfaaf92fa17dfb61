using System.ComponentModel.DataAnnotations;

namespace HaH.Orchestration.Functions.Dashboard;

/// <summary>The dashboard's settings (section <c>Dashboard</c>).</summary>
internal sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// How often an open today board refreshes, in seconds; one read of the running admissions
    /// serves every board for this long. Default 15: escalations climb in 15-minute steps.
    /// </summary>
    [Range(2, 300, ErrorMessage = "Dashboard:BoardRefreshSeconds must be 2–300.")]
    public int BoardRefreshSeconds { get; set; } = 15;

    public TimeSpan BoardRefresh => TimeSpan.FromSeconds(BoardRefreshSeconds);
}
