using HaH.Orchestration.Functions.Admissions.Texts;

namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// What the admission asks to send its GP at discharge: the body of its <c>discharge-letter</c>
/// integration message. The publishing activity turns it into a MedCom FHIR message
/// (<see cref="CareCommunicationMessage"/>); the orchestration's history keeps only this.
/// It holds the patient's name and CPR number, so it is never logged.
/// </summary>
/// <param name="AdmissionId">The admission.</param>
/// <param name="Recipient">The GP, addressed by EAN location number and SOR code.</param>
/// <param name="Subject">The letter's subject line (no CPR number, no name).</param>
/// <param name="Text">The letter, Danish plain text, lines separated by "\n".</param>
/// <param name="Summary">What happened, from which the letter was written.</param>
internal sealed record DischargeLetterRequest(string AdmissionId, LetterRecipient Recipient, string Subject, string Text, DischargeSummary Summary);

/// <summary>The GP's practice as MedCom addresses it.</summary>
internal sealed record LetterRecipient(string Name, string EanNumber, string SorCode);
