namespace HaH.Orchestration.Functions.Integration;

/// <summary>
/// Turns a message of one <see cref="Type"/> into what goes on the wire, just before it is published
/// (e.g. the discharge letter into a MedCom FHIR message). It runs in the publishing activity, not in
/// the orchestration, so the orchestration's history holds only the small input and stays
/// deterministic; it must itself be deterministic, since a retry formats the message again and
/// must send the same bytes under the same id.
/// </summary>
internal interface IIntegrationMessageFormatter
{
    /// <summary>The <see cref="IntegrationMessage.Type"/> this formatter handles.</summary>
    string Type { get; }

    /// <summary>The message to publish; throws <see cref="IntegrationMessageRejectedException"/> when it must not be sent.</summary>
    IntegrationMessage Format(IntegrationMessage message);
}
