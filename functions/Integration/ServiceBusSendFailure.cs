using Azure.Identity;
using Azure.Messaging.ServiceBus;

namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Why a send to Service Bus failed after the SDK's retries, in words an operator can act on: a
/// short <see cref="Cause"/> for the log, and an exception whose message names the entity, the
/// setting to fix and whether the activity's next retry can help.
/// </summary>
/// <param name="Cause">A short code: <c>EntityNotFound</c>, <c>EntityDisabled</c>, <c>Unauthorized</c>, <c>NoCredential</c>, <c>QuotaExceeded</c>, <c>MessageTooLarge</c>, <c>Transient</c> or <c>Refused</c>.</param>
/// <param name="RetryHelps">Whether sending again later may succeed without anyone changing anything.</param>
/// <param name="Error">What the publish activity throws (the SDK's exception inside).</param>
internal sealed record ServiceBusSendFailure(string Cause, bool RetryHelps, Exception Error)
{
    // The SDK's messages end in tracking ids and a troubleshooting link; the start is what matters.
    private const int MaxDetailChars = 300;

    private const string NotUntilFixed = "retrying will not help until that is fixed.";

    /// <summary>The failure <paramref name="error"/> stands for; null for one that is not Service Bus's (e.g. cancellation).</summary>
    public static ServiceBusSendFailure? Of(Exception error, IntegrationMessage message, string entity, int bodyBytes)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(message);
        var what = $"The {message.Type} message '{message.Id}' was not sent to Service Bus entity '{entity}'";
        var keyOrRole = $"the key in {ServiceBusOptions.ConnectionStringSetting} needs the Send claim on it; with {ServiceBusOptions.FullyQualifiedNamespaceSetting} the host's identity needs the role Azure Service Bus Data Sender on the entity or namespace";
        return error switch
        {
            ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound } => Permanent("EntityNotFound",
                $"{what}: no such queue or topic in the namespace. Check {ServiceBusOptions.EntitySetting} (or EntityPath in {ServiceBusOptions.ConnectionStringSetting}) and that the entity exists; {NotUntilFixed}", error),
            ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityDisabled } => Permanent("EntityDisabled",
                $"{what}: the entity is disabled or does not accept sends. Set its status to Active; {NotUntilFixed}", error),
            UnauthorizedAccessException => Permanent("Unauthorized",
                $"{what}: access was refused — {keyOrRole}; {NotUntilFixed}", error),
            AuthenticationFailedException => Permanent("NoCredential",
                $"{what}: no token for {ServiceBusOptions.FullyQualifiedNamespaceSetting} — DefaultAzureCredential found no usable identity (turn on the app's managed identity in Azure, or sign in with az login on a developer machine); {NotUntilFixed}", error),
            ServiceBusException { Reason: ServiceBusFailureReason.QuotaExceeded } => Transient("QuotaExceeded",
                $"{what}: the entity is full (its size quota) or the namespace's limits are reached, usually because consumers are behind. The activity's retry policy sends it again later with the same MessageId, which succeeds once they catch up.", error),
            ServiceBusException { Reason: ServiceBusFailureReason.MessageSizeExceeded } => Permanent("MessageTooLarge",
                $"{what}: it is {bodyBytes:N0} bytes, more than the entity accepts (256 KB on the Standard tier). Send large documents by reference; retrying will not help.", error),
            ServiceBusException { IsTransient: true } busy => Transient("Transient",
                $"{what}: a transient failure ({busy.Reason}) after the SDK's {ServiceBusClientRegistration.RetryOptions().MaxRetries} retries. The activity's retry policy sends it again later with the same MessageId.", error),
            ServiceBusException refused => Permanent("Refused",
                $"{what}: Service Bus refused it ({refused.Reason}); retrying is unlikely to help.", error),
            _ => null,
        };
    }

    private static ServiceBusSendFailure Permanent(string cause, string text, Exception error) => new(cause, false, new InvalidOperationException(text + Detail(error), error));

    private static ServiceBusSendFailure Transient(string cause, string text, Exception error) => new(cause, true, new InvalidOperationException(text + Detail(error), error));

    private static string Detail(Exception error)
    {
        var text = error.Message.Trim();
        return text.Length == 0 ? "" : " Detail: " + (text.Length > MaxDetailChars ? text[..MaxDetailChars] + "…" : text);
    }
}
