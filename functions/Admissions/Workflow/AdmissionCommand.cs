namespace HaH.Orchestration.Functions.Admissions.Workflow;

/// <summary>What the workflow asks the orchestration to do (the I/O), in order.</summary>
internal abstract record AdmissionCommand;

/// <summary>Ask <paramref name="Phone"/>'s line for a code and text <paramref name="Text"/> with <c>{code}</c> filled in.</summary>
internal sealed record OpenSmsItem(string Phone, string ItemId, string Text) : AdmissionCommand;

/// <summary>The item needs no answer any more: its code is freed.</summary>
internal sealed record CloseSmsItem(string Phone, string ItemId) : AdmissionCommand;

/// <summary>A plain SMS (receipts, "resolved", the patient's discharge SMS). <paramref name="Key"/> is stable per message.</summary>
internal sealed record SendSms(string To, string Text, string Key) : AdmissionCommand;

/// <summary>A message to another system through the integration channel.</summary>
internal sealed record PublishMessage(string Id, string Type, object Body) : AdmissionCommand;
