using Azure.Messaging.ServiceBus;
using HaH.Orchestration.Functions.Admissions.Api;
using HaH.Orchestration.Functions.Admissions.Planning;
using HaH.Orchestration.Functions.Shared;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HaH.Orchestration.Functions.Integration.Commands;

/// <summary>
/// Handles one message of the command queue through <see cref="AdmissionRequests"/>, the code the
/// HTTP routes run, and settles it:
/// completed once the start or signal is recorded; dead-lettered with a short reason and the
/// problem text when the HTTP route would refuse the request (400, 404, 409, 413, 415, 422);
/// abandoned on any failure, so that Service Bus delivers it again (until its max delivery count,
/// then it dead-letters it). The <c>MessageId</c> is the change's Idempotency-Key, so a redelivered
/// or duplicated change is applied once; a start is idempotent by its admission id and plan.
/// </summary>
internal sealed class CommandMessageHandler(AdmissionRequests requests, IOptions<JsonOptions> json, ILogger<CommandMessageHandler> logger)
{
    /// <summary>Service Bus refuses a longer dead-letter description.</summary>
    public const int MaxDescriptionLength = 4096;

    public async Task HandleAsync(ProcessMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var message = args.Message;
        var (command, refusal) = CommandMessage.Read(message, json.Value.SerializerOptions);
        AdmissionRequestOutcome outcome;
        try
        {
            outcome = refusal ?? await ApplyAsync(command!, message.MessageId, args.CancellationToken);
        }
        catch (Exception error)
        {
            // Storage unreachable, a timeout, the host stopping: nothing was recorded, or what was is
            // idempotent. Settling must not wait on the processor's (possibly cancelled) token.
            logger.CommandAbandoned(Named(command), FreeText.ForLog(message.MessageId), message.DeliveryCount, error);
            await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            return;
        }

        if (outcome.IsAccepted)
        {
            await args.CompleteMessageAsync(message, CancellationToken.None);
            logger.CommandAccepted(Named(command), FreeText.ForLog(message.MessageId), outcome.AdmissionId);
            return;
        }

        var description = outcome.ProblemText;
        await args.DeadLetterMessageAsync(message, outcome.Reason, description.Length > MaxDescriptionLength ? description[..(MaxDescriptionLength - 1)] + "…" : description, CancellationToken.None);

        // The reason and status only: the problem text stays with the message (it may quote what was sent).
        logger.CommandDeadLettered(Named(command), FreeText.ForLog(message.MessageId), FreeText.ForLog(outcome.AdmissionId), outcome.Reason, outcome.Status);
    }

    private async Task<AdmissionRequestOutcome> ApplyAsync(CommandMessage command, string? messageId, CancellationToken ct)
    {
        if (command.Name == CommandMessage.Start)
        {
            var body = (AdmissionRequest?)command.Body;
            if (command.AdmissionId.Length > 0 && body?.AdmissionId is { } inBody && inBody != command.AdmissionId)
            {
                return AdmissionRequestOutcome.Invalid(command.AdmissionId, new Dictionary<string, string[]>
                {
                    ["admissionId"] = [$"The body's admissionId and the message's application property '{CommandMessage.AdmissionIdProperty}' differ; leave the property out or make them equal."],
                });
            }

            return await requests.StartAsync(body, ct);
        }

        var change = AdmissionChanges.Of(command.Name, command.Body);
        if (messageId is null || !IdempotencyKeys.IsWellFormed(messageId))
        {
            change.Problems["MessageId"] = ["The MessageId must be 1–100 printable ASCII characters without spaces, e.g. a UUID: it is the change's Idempotency-Key."];
        }

        return await requests.ChangeAsync(command.AdmissionId, change, messageId, ct);
    }

    private static string Named(CommandMessage? command) => command?.Name ?? "unreadable";
}
