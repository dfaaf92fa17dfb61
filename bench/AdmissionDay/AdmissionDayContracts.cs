namespace HaH.Orchestration.Bench.AdmissionDay;

/// <summary>The input of one admission-day orchestration.</summary>
internal sealed record AdmissionDayInput(int Visits, int ConfirmationTimeoutSeconds);

/// <summary>The input of <see cref="SendVisitSmsActivity"/>.</summary>
internal sealed record VisitSms(string AdmissionId, int Visit);

/// <summary>The payload of the <c>VisitConfirmed</c> event.</summary>
internal sealed record VisitConfirmation(int Visit);

/// <summary>What <see cref="WriteSummaryActivity"/> writes and the orchestration returns.</summary>
internal sealed record AdmissionDaySummary(string AdmissionId, int Visits, int Confirmed);
