using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Quality;

namespace HaH.Orchestration.Functions.Tests.Quality;

public sealed class QualityFiguresTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void DosesAreCountedByOutcomeAndUnresolvedOnesCountAsMissed()
    {
        var views = new[]
        {
            View("A", Day1.AddDays(2), Visit(1, "confirmed"), Visit(2, "confirmedLate"), Visit(3, "notGiven"), Visit(4, "missed"), Visit(5, "unresolved"), Visit(6, "cancelled"), Visit(7, "scheduled")),
        };

        var figures = QualityFigures.From(views, Day1.AddDays(10));

        Assert.Equal((1, 1, 1, 2), (figures.DosesOnTime, figures.DosesLate, figures.DosesNotGiven, figures.DosesMissed));
    }

    [Fact]
    public void BedDaysRunFromTheFirstDoseToDischargeOrNowAndEscalationsAreCountedOncePerDose()
    {
        var discharged = View("A", Day1.AddDays(3), Visit(1, "confirmedLate", Escalation(1, Day1.AddHours(1), null), Escalation(2, Day1.AddHours(1.25), Day1.AddHours(1.5))));
        var admitted = View("B", null, Visit(1, "notGiven", Escalation(1, Day1.AddMinutes(10), Day1.AddMinutes(20))), Visit(2, "confirmed"));

        var figures = QualityFigures.From([discharged, admitted], Day1.AddDays(2));

        Assert.Equal(5, figures.BedDays);
        Assert.Equal(2, figures.Escalations);
        Assert.Equal(40, figures.EscalationsPer100BedDays);

        // 30 minutes (first alarm 15:00, acknowledged 15:30 on level 2) and 10 minutes.
        Assert.Equal(20, figures.MedianMinutesToAcknowledge);
        Assert.Equal(2, figures.Admissions);
    }

    [Fact]
    public void WithoutAdmissionsTheRatesAreUnknownRatherThanZero()
    {
        var figures = QualityFigures.From([], Day1);

        Assert.Equal(0, figures.BedDays);
        Assert.Null(figures.EscalationsPer100BedDays);
        Assert.Null(figures.MedianMinutesToAcknowledge);
    }

    private static AdmissionView View(string id, DateTimeOffset? dischargedAt, params ViewVisit[] visits) => new(
        id,
        dischargedAt is null ? "Treatment" : "Discharged",
        new ViewPatient("KJ", "Næstved"),
        new ViewTreatment("Piperacillin", "4 g", 2, null),
        visits,
        new ViewPlanning(null, 0),
        new ViewMedication(null, null, null, []),
        new ViewDischarge(dischargedAt, dischargedAt),
        new ViewRounds(0, null, new Dictionary<string, int>()),
        []);

    private static ViewVisit Visit(int number, string state, params ViewEscalation[] escalations) =>
        new(number, Day1.AddHours(12 * (number - 1)), "homeNursing", state, "Piperacillin", "4 g", null, null, null, escalations);

    private static ViewEscalation Escalation(int level, DateTimeOffset at, DateTimeOffset? acknowledgedAt) =>
        new(level, level == 1 ? "eNurse" : "eDoctor", at, acknowledgedAt);
}
