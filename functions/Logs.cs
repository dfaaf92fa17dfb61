namespace HaH.Orchestration.Functions;

/// <summary>
/// Every log message of the app, with stable event ids (1xx hosting, 2xx health). Never log a
/// key, a CPR number or a patient's name.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Using the Azurite already listening at {Host}")]
    public static partial void UsingRunningEmulator(this ILogger logger, string host);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Storage is the local emulator at {Host} but nothing listens there and Azurite:AutoStart is false; start Azurite yourself")]
    public static partial void EmulatorNotStarting(this ILogger logger, string host);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Cannot start Azurite: some of its ports ({Ports}) are taken by another program and others are free")]
    public static partial void EmulatorPortsPartlyTaken(this ILogger logger, string ports);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Started Azurite, data in {Location}")]
    public static partial void EmulatorStarted(this ILogger logger, string location);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Azurite could not be started: {Reason}")]
    public static partial void EmulatorStartFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Stopped Azurite")]
    public static partial void EmulatorStopped(this ILogger logger);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Storage is not reachable: {Reason}")]
    public static partial void StorageUnreachable(this ILogger logger, string reason);
}
