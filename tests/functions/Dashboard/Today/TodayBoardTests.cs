using HaH.Orchestration.Functions.Admissions.Workflow;
using HaH.Orchestration.Functions.Dashboard.Today;

namespace HaH.Orchestration.Functions.Tests.Dashboard.Today;

/// <summary>Which rows the today board has and in which order, from hand-made admission views.</summary>
public sealed class TodayBoardTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 5, 0, Cet);

    [Fact]
    public void YesterdaysUnresolvedAlarmComesFirstAndTomorrowsVisitsAreNotOnTheBoard()
    {
        var yesterday = Visit(1, new(2026, 3, 1, 22, 0, 0, Cet), "unresolved", new ViewAlarm("v1", "unresolved", new(2026, 3, 1, 23, 0, 0, Cet), null, null));
        var today = Visit(2, new(2026, 3, 2, 8, 0, 0, Cet), "confirmed");
        var cancelledToday = Visit(3, new(2026, 3, 2, 16, 0, 0, Cet), "cancelled");
        var tomorrow = Visit(4, new(2026, 3, 3, 8, 0, 0, Cet), "scheduled");

        var board = TodayBoard.From([("A", View(yesterday, today, cancelledToday, tomorrow))], Now);

        Assert.Equal([(1, BoardUrgency.NeedsAPerson), (2, BoardUrgency.Rest), (3, BoardUrgency.Rest)], board.Visits.Select(v => (v.Visit.Number, v.Urgency)));
    }

    [Fact]
    public void AcrossAdmissionsEachGroupIsInTimeOrderLateBeforeReminded()
    {
        var board = TodayBoard.From(
            [
                ("A", View(Visit(1, new(2026, 3, 2, 14, 0, 0, Cet), "reminded"), Visit(2, new(2026, 3, 2, 9, 0, 0, Cet), "confirmedLate"))),
                ("B", View(Visit(1, new(2026, 3, 2, 12, 50, 0, Cet), "reminded"), Visit(2, new(2026, 3, 2, 12, 0, 0, Cet), "notGiven", new ViewAlarm("v2", "open", new(2026, 3, 2, 12, 10, 0, Cet), null, null)))),
                ("C", View(Visit(1, new(2026, 3, 2, 11, 0, 0, Cet), "missed", new ViewAlarm("v1", "acknowledged", new(2026, 3, 2, 12, 0, 0, Cet), new(2026, 3, 2, 12, 5, 0, Cet), "key:anna")))),
            ],
            Now);

        Assert.Equal(
            [("B", 2, BoardUrgency.NeedsAPerson), ("B", 1, BoardUrgency.Late), ("A", 1, BoardUrgency.Reminded), ("A", 2, BoardUrgency.Rest), ("C", 1, BoardUrgency.Rest)],
            board.Visits.Select(v => (v.AdmissionId, v.Visit.Number, v.Urgency)));
        Assert.Equal(3, board.Admissions);
    }

    [Fact]
    public void AMedicineAlarmThatNeedsAPersonIsListedAndAHandledOneIsNot()
    {
        var open = new ViewOrderAlarm(1, new(2026, 3, 3, 14, 0, 0, Cet), new ViewAlarm("m1", "open", Now, null, null));
        var handled = new ViewOrderAlarm(2, new(2026, 3, 8, 14, 0, 0, Cet), new ViewAlarm("m2", "resolved", Now, null, null));

        var board = TodayBoard.From([("A", View([open, handled]))], Now);

        Assert.Equal("m1", Assert.Single(board.OrderAlarms).Order.Alarm.Id);
    }

    private static ViewVisit Visit(int number, DateTimeOffset due, string state, ViewAlarm? alarm = null) =>
        new(number, due, "homeNursing", state, "Piperacillin", "4 g", null, null, alarm, []);

    private static AdmissionView View(params ViewVisit[] visits) => View([], visits);

    private static AdmissionView View(IReadOnlyList<ViewOrderAlarm> orderAlarms, params ViewVisit[] visits) => new(
        "A",
        "Treatment",
        new ViewPatient("KJ", "Næstved"),
        new ViewTreatment("Piperacillin", "4 g", 2, null),
        visits,
        new ViewPlanning(null, 0),
        new ViewMedication(null, null, null, orderAlarms),
        new ViewDischarge(null, null),
        new ViewRounds(0, null, new Dictionary<string, int>()),
        []);
}
