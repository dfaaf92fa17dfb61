using HaH.Orchestration.Functions.Admissions.Workflow;

namespace HaH.Orchestration.Functions.Tests.Admissions.Workflow;

/// <summary>
/// The workflow stores a NEJ reason only cleaned: CPR-shaped numbers in any notation masked, the
/// patient's own name removed, control characters gone, at most 100 characters — on the visit and
/// on the escalation that quotes it, so nothing downstream sees the raw text.
/// </summary>
public sealed class AdmissionEngineReasonTests
{
    private static readonly DateTimeOffset FirstDose = new(2026, 3, 2, 14, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("patient 010180-1234 afviste", "patient xxxxxx-xxxx afviste")]
    [InlineData("0101801234", "xxxxxx-xxxx")]
    [InlineData("cpr 010180 1234 sov", "cpr xxxxxx-xxxx sov")]
    [InlineData("cpr 01.01.80-1234", "cpr xxxxxx-xxxx")]
    [InlineData("cpr 01 01 80 1234", "cpr xxxxxx-xxxx")]
    [InlineData("cpr 01-01-80-1234", "cpr xxxxxx-xxxx")]
    [InlineData("cpr:0101801234,sov", "cpr:xxxxxx-xxxx,sov")]
    [InlineData("cpr0101801234x", "cprxxxxxx-xxxxx")]
    [InlineData("kode 4711 kl. 14:00 og 2 g", "kode 4711 kl. 14:00 og 2 g")]
    [InlineData("Karen Jensen sov", "[navn] sov")]
    [InlineData("karen sov, JENSENS hund bed", "[navn] sov, [navn] hund bed")]
    [InlineData("sov\nINFO forged\r\tline", "sov INFO forged line")]
    [InlineData("bidi\u202E txet\u0007", "bidi txet")]
    public void Handle_NejWithFreeText_StoresTheReasonCleaned(string reason, string stored)
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.Reply("v1", FirstDose.AddMinutes(5), confirmed: false, reason: reason);

        Assert.Equal(stored, run.Visit(1).NotGivenReason);
        Assert.Equal(stored, run.Visit(1).Escalation!.NotGivenReason);
    }

    [Fact]
    public void Handle_NejWithALongReason_StoresAtMost100Characters()
    {
        var run = new EngineHarness(EngineHarness.Plan());

        run.Reply("v1", FirstDose.AddMinutes(5), confirmed: false, reason: string.Concat(Enumerable.Repeat("patienten sov ", 30)));

        Assert.Equal(100, run.Visit(1).NotGivenReason!.Length);
        Assert.EndsWith("...", run.Visit(1).NotGivenReason, StringComparison.Ordinal);
    }
}
