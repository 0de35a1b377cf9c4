using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>Edge.Agent's log messages (event ids 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "Outbox full ({Max} entries): {Action}")]
    public static partial void OutboxFull(ILogger logger, int max, string action);

    [LoggerMessage(2001, LogLevel.Error, "Outbox entry {Path} is unreadable; moved aside")]
    public static partial void OutboxCorrupt(ILogger logger, string path, Exception? exception);

    [LoggerMessage(2010, LogLevel.Information, "Sampling {Sensors} sensors every {Interval} from profile '{Profile}'")]
    public static partial void SamplingStarted(ILogger logger, int sensors, TimeSpan interval, string profile);

    [LoggerMessage(2011, LogLevel.Warning, "Reading sensor {Node} failed")]
    public static partial void SensorFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(2020, LogLevel.Information, "Node {Node} ready on {Service}")]
    public static partial void NodeReady(ILogger logger, string node, string service);

    [LoggerMessage(2021, LogLevel.Debug, "Published {Node}/{ItemId}")]
    public static partial void Published(ILogger logger, string node, string itemId);

    [LoggerMessage(2022, LogLevel.Warning, "Publishing {Node}/{ItemId} was refused ({Error}); moved to rejected/")]
    public static partial void PublishRejected(ILogger logger, string node, string itemId, string error);

    [LoggerMessage(2023, LogLevel.Information, "Publishing paused until the connection is back ({Reason}); {Pending} readings kept in the outbox")]
    public static partial void PublishPaused(ILogger logger, string reason, int pending);

    [LoggerMessage(2030, LogLevel.Critical, "Cannot connect and retrying will not help: {Reason}")]
    public static partial void FatalConnection(ILogger logger, string reason);

    [LoggerMessage(2031, LogLevel.Information, "Connected to XMPP as {Jid}")]
    public static partial void XmppUp(ILogger logger, string jid);

    [LoggerMessage(2040, LogLevel.Information, "Setting {Name} = {Value}")]
    public static partial void SettingChanged(ILogger logger, string name, string value);

    [LoggerMessage(2041, LogLevel.Warning, "Setting {Name} in {File} ignored: {Reason}")]
    public static partial void SettingIgnored(ILogger logger, string name, string file, string reason);

    [LoggerMessage(2042, LogLevel.Warning, "Settings file {File} is unreadable ({Reason}); using defaults")]
    public static partial void SettingsUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(2043, LogLevel.Warning, "Control of {Node}.{Parameter} refused: {Reason}")]
    public static partial void ControlRefused(ILogger logger, string node, string parameter, string reason);

    [LoggerMessage(2044, LogLevel.Information, "Control: {Node}.{Parameter} = {Value}")]
    public static partial void ControlApplied(ILogger logger, string node, string parameter, string value);

    [LoggerMessage(2024, LogLevel.Information, "Publish-options on {Service}: {Supported}")]
    public static partial void PublishOptionsSupport(ILogger logger, string service, bool supported);

    [LoggerMessage(2025, LogLevel.Warning, "Node {Node} no longer matches its configuration (precondition-not-met); configuring it again")]
    public static partial void PublishOptionsMismatch(ILogger logger, string node);

    [LoggerMessage(2026, LogLevel.Warning, "The service refused publish-options on {Node} ({Error}); publishing without them")]
    public static partial void PublishOptionsDropped(ILogger logger, string node, string error);

    [LoggerMessage(2050, LogLevel.Critical, "The agent stopped: {Service} failed ({Reason}); exiting with code 1")]
    public static partial void ServiceFailed(ILogger logger, string service, string reason, Exception exception);

    [LoggerMessage(2051, LogLevel.Critical, "The agent could not run ({Reason}); exiting with code 1")]
    public static partial void AgentFailed(ILogger logger, string reason, Exception exception);
}
