using System.Net;
using HaH.Orchestration.Functions.Tests.Dashboard;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow.Orchestration;

/// <summary>
/// A nurse's NEJ reason is free text from a phone: whatever identifies the patient in it never
/// reaches the stored state, the API, the dashboard or the escalation SMS.
/// </summary>
public sealed class NotGivenReasonTests
{
    private static readonly DateTimeOffset FirstDose = AdmissionRun.Local(2026, 3, 2, 14, 0);

    private static readonly string[] Identity = ["010180-1234", "0101801234", "Karen", "Jensen"];

    [Fact]
    public async Task ANejReasonNamingThePatientIsStoredShownAndEscalatedWithoutTheCprNumberOrTheName()
    {
        using var run = await AdmissionRun.StartAsync(EngineHarness.Plan(firstDose: FirstDose));
        await run.AdvanceToAsync(FirstDose + TimeSpan.FromMinutes(10));
        var code = AdmissionRun.CodeIn(await run.ReminderAsync(1));

        await run.SmsAsync(run.MobileUnitPhone, $"NEJ {code} patient 010180-1234 Karen Jensen afviste");

        var visit = (await run.ViewAsync()).Visits[0];
        Assert.Equal(("notGiven", "patient xxxxxx-xxxx [navn] afviste"), (visit.State, visit.NotGivenReason));
        using var integrator = run.CreateClient(TestApplication.IntegratorKey);
        var answer = await integrator.GetAsync(new Uri($"/api/admissions/{run.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var api = await answer.Content.ReadAsStringAsync();
        Assert.Contains("patient xxxxxx-xxxx [navn] afviste", api, StringComparison.Ordinal);
        using var session = await DashboardSession.SignedInAsync(run.Host);
        var dashboard = await session.GetPageAsync($"/admissions/{run.Id}");
        var alarm = Assert.Single(await run.SmsToAsync(AdmissionRun.NursePhone));
        Assert.Contains("Årsag: \"patient xxxxxx-xxxx [navn] afviste\".", alarm.Body, StringComparison.Ordinal);
        foreach (var shown in new[] { api, dashboard, alarm.Body })
        {
            foreach (var secret in Identity)
            {
                Assert.DoesNotContain(secret, shown, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
