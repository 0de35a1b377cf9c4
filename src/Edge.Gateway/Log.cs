using Microsoft.Extensions.Logging;

namespace Edge.Gateway;

/// <summary>
/// The gateway's log messages (event ids 7000-7099). SASL payloads, passwords and stanza contents never appear; a
/// device is named by its remote endpoint and, once authenticated, by the JID the server bound or resumed.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "EXI link gateway for {Domain} starting: server {Host}:{Port}, data {DataDirectory}")]
    public static partial void Starting(ILogger logger, string domain, string host, int port, string dataDirectory);

    [LoggerMessage(7001, LogLevel.Information, "Listening for devices on {Endpoint} ({Binding})")]
    public static partial void Listening(ILogger logger, string endpoint, string binding);

    [LoggerMessage(7002, LogLevel.Information, "EXI link gateway stopped ({Open} device connections cut)")]
    public static partial void Stopped(ILogger logger, int open);

    [LoggerMessage(7003, LogLevel.Critical, "The gateway failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(7004, LogLevel.Debug, "Device {Remote} connected ({Binding})")]
    public static partial void DeviceConnected(ILogger logger, string remote, string binding);

    [LoggerMessage(7005, LogLevel.Information, "Device {Remote} relayed to {Server} (stream {Stream})")]
    public static partial void Relaying(ILogger logger, string remote, string server, string stream);

    [LoggerMessage(7006, LogLevel.Information, "Device {Remote} closed: {Reason} ({Up} stanzas up, {Down} down)")]
    public static partial void DeviceClosed(ILogger logger, string remote, string reason, long up, long down);

    [LoggerMessage(7007, LogLevel.Warning, "Device {Remote} refused: {Condition} - {Reason}")]
    public static partial void DeviceRefused(ILogger logger, string remote, string condition, string reason);

    [LoggerMessage(7008, LogLevel.Warning, "Device {Remote}: the server {Server} is unreachable or refused TLS: {Reason}")]
    public static partial void ServerUnavailable(ILogger logger, string remote, string server, string reason);

    [LoggerMessage(7009, LogLevel.Warning, "Connection limit {Limit} reached: device {Remote} refused")]
    public static partial void ConnectionLimit(ILogger logger, int limit, string remote);

    [LoggerMessage(7010, LogLevel.Information, "Device {Remote}: SASL {Outcome} by the server")]
    public static partial void SaslOutcome(ILogger logger, string remote, string outcome);

    [LoggerMessage(7011, LogLevel.Error, "Device {Remote}: the session failed unexpectedly")]
    public static partial void SessionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(7012, LogLevel.Error, "Accepting devices on {Endpoint} failed")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(7013, LogLevel.Warning, "EXI: a stored file {Path} was skipped: {Reason}")]
    public static partial void ExiStoredFileSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(7014, LogLevel.Information, "Device {Remote}: EXI setup {Outcome} ({Schemas} schemas, {Missing} missing, {Alignment})")]
    public static partial void ExiSetup(ILogger logger, string remote, string outcome, int schemas, int missing, string alignment);

    [LoggerMessage(7015, LogLevel.Information, "Device {Remote}: uploaded schema {Outcome}")]
    public static partial void ExiUpload(ILogger logger, string remote, string outcome);

    [LoggerMessage(7016, LogLevel.Information, "Device {Remote} speaks EXI ({Alignment}, {Schemas} schemas, {Tables} string tables); the server gets XML")]
    public static partial void ExiStarted(ILogger logger, string remote, string alignment, int schemas, string tables);

    [LoggerMessage(7017, LogLevel.Information, "Device {Remote}: compression refused ({Condition})")]
    public static partial void CompressRefused(ILogger logger, string remote, string condition);
}
