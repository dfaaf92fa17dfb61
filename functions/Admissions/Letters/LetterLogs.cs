namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// Log messages of the discharge letter as a FHIR message (event ids 450–469). Never the bundle, the
/// letter's text, the patient's name or CPR number: ids, counts, timings, and problems cleaned of
/// patient data.
/// </summary>
internal static partial class LetterLogs
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Discharge letter {MessageId} for admission {AdmissionId} built as a MedCom FHIR message ({Entries} entries, {Bytes} bytes) and validated in {ValidationMilliseconds} ms, {Warnings} warnings")]
    public static partial void LetterBuilt(this ILogger logger, string messageId, string admissionId, int entries, int bytes, long validationMilliseconds, int warnings);

    [LoggerMessage(EventId = 451, Level = LogLevel.Information, Message = "FHIR validator loaded from the R4 specification: the first validation in this process took {Milliseconds} ms")]
    public static partial void ValidatorLoaded(this ILogger logger, long milliseconds);

    [LoggerMessage(EventId = 452, Level = LogLevel.Warning, Message = "Discharge letter {MessageId} for admission {AdmissionId} is not a valid MedCom FHIR message and is not sent: {Problems}")]
    public static partial void LetterInvalid(this ILogger logger, string messageId, string admissionId, string problems);

    [LoggerMessage(EventId = 453, Level = LogLevel.Error, Message = "{Type} message {MessageId} for admission {AdmissionId} was rejected before sending (not retried); it is an open alert for manual handling: {Problem}")]
    public static partial void IntegrationMessageRejected(this ILogger logger, string type, string messageId, string admissionId, string problem);

    [LoggerMessage(EventId = 454, Level = LogLevel.Debug, Message = "Discharge letter {MessageId}: FHIR validation warning: {Warning}")]
    public static partial void LetterValidationWarning(this ILogger logger, string messageId, string warning);
}
