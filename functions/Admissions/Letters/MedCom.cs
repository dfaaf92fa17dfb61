namespace HaH.Orchestration.Functions.Admissions.Letters;

/// <summary>
/// The canonical URLs, code systems and codes of MedCom's FHIR messaging that the discharge letter
/// uses, as MedCom's implementation guides define them: DK MedCom Messaging, DK MedCom Core and DK
/// MedCom CareCommunication 5.0 (https://medcomfhir.dk/ig/carecommunication/), with the DK Core
/// identifier systems.
/// </summary>
internal static class MedCom
{
    /// <summary>Profiles, set as <c>meta.profile</c> on the resources.</summary>
    public static class Profiles
    {
        public const string Message = "http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-message";
        public const string MessageHeader = "http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-messageHeader";
        public const string Communication = "http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-communication";
        public const string Provenance = "http://medcomfhir.dk/ig/carecommunication/StructureDefinition/medcom-careCommunication-provenance";
        public const string Organization = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-organization";
        public const string Patient = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-patient";
        public const string Practitioner = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitioner";
        public const string PractitionerRole = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitionerrole";
    }

    /// <summary>Extensions.</summary>
    public static class Extensions
    {
        /// <summary>On <c>MessageHeader.destination</c>: primary or carbon-copy receiver.</summary>
        public const string DestinationUse = "http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension";

        /// <summary>On <c>Communication</c>: the specific sender (a PractitionerRole of the sending organisation).</summary>
        public const string Sender = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-sender-extension";

        /// <summary>On a payload: when it was written.</summary>
        public const string PayloadDate = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-datetime-extension";

        /// <summary>On a payload: its identifier, assigned by the sending organisation.</summary>
        public const string PayloadIdentifier = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-identifier-extension";

        /// <summary>On a payload: its author (a PractitionerRole).</summary>
        public const string PayloadAuthor = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-practitioner-extension";

        /// <summary>On a payload: the phone the author is reached at.</summary>
        public const string PayloadAuthorContact = "http://medcomfhir.dk/ig/core/StructureDefinition/medcom-core-contact-extension";
    }

    /// <summary>Code systems and codes.</summary>
    public static class Codes
    {
        public const string EventSystem = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-eventCodes";
        public const string CareCommunicationEvent = "care-communication-message";

        public const string DestinationUseSystem = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse";
        public const string PrimaryDestination = "primary";

        public const string CategorySystem = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-careCommunication-categoryCodes";
        public const string DischargeCategory = "discharge";

        public const string ActivitySystem = "http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes";
        public const string NewMessage = "new-message";
    }

    /// <summary>Identifier systems (DK Core).</summary>
    public static class Identifiers
    {
        /// <summary>SOR, Sundhedsvæsenets Organisationsregister.</summary>
        public const string Sor = "urn:oid:1.2.208.176.1.1";

        /// <summary>GS1 location numbers (EAN/GLN), as MedCom's network addresses organisations.</summary>
        public const string Ean = "https://www.gs1.org/gln";

        /// <summary>CPR, the Danish civil registration number.</summary>
        public const string Cpr = "urn:oid:1.2.208.176.1.2";

        /// <summary>URIs as identifiers (the <c>urn:uuid:</c> of the communication, payload and practitioners).</summary>
        public const string Uri = "urn:ietf:rfc:3986";
    }

    /// <summary>The message definition MedCom's CareCommunication 5.0 messages declare.</summary>
    public const string MessageDefinition = "http://medcomfhir.dk/ig/messagedefinitions/MessageDefinition/MedComCareCommunicationMessageDefinition|5.0";

    /// <summary>Where SOR shows an organisation: the endpoint MedCom's examples give a sender and a receiver.</summary>
    public static string SorEndpoint(string sorCode) => "https://sor2.sum.dsdn.dk/#id=" + sorCode;
}
