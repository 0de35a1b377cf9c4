using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>The fleet's log messages (<c>edge fleet</c>, event ids 2400-2449).</summary>
internal static partial class Log
{
    [LoggerMessage(2401, LogLevel.Warning, "{Device}: the server refused item {ItemId} on {Node} ({Error}); dropped (logged once per device, counted in the status line)")]
    public static partial void FleetPublishRefused(ILogger logger, string device, string node, string itemId, string error);

    [LoggerMessage(2402, LogLevel.Information, "{Device}: control set {Node}/{Parameter} = {Value}")]
    public static partial void FleetControlApplied(ILogger logger, string device, string node, string parameter, string value);

    [LoggerMessage(2403, LogLevel.Error, "{Device}: publishing failed unexpectedly")]
    public static partial void FleetFlushFailed(ILogger logger, string device, Exception exception);

    [LoggerMessage(2404, LogLevel.Error, "{Device}: stopped reconnecting: {Reason}")]
    public static partial void FleetDeviceFailed(ILogger logger, string device, string reason);

    [LoggerMessage(2405, LogLevel.Warning, "{Device}: in-band registration failed ({Reason}); trying again in {Delay}")]
    public static partial void FleetRegistrationRetry(ILogger logger, string device, string reason, TimeSpan delay);
}
