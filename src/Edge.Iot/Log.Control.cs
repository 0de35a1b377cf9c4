using Microsoft.Extensions.Logging;

namespace Edge.Iot;

// XEP-0325 control (event ids 200-299).
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Information, "Control by {Channel} from {Requester}: {Count} write(s) applied ({Writes})")]
    public static partial void ControlApplied(ILogger logger, string channel, string requester, int count, string writes);

    [LoggerMessage(201, LogLevel.Information, "Control by IQ from {Requester} rejected, nothing written: {Reason}")]
    public static partial void ControlRejected(ILogger logger, string requester, string reason);

    [LoggerMessage(202, LogLevel.Warning, "Control by {Channel} from {Requester}: the device refused parameter {Parameter} on node {Node} after {Applied} write(s): {Message}")]
    public static partial void ControlRefused(ILogger logger, string channel, string requester, string parameter, string node,
        int applied, string message);

    [LoggerMessage(203, LogLevel.Warning, "Control by message from {Requester} not applied, nothing written (no answer is sent): {Reason}")]
    public static partial void ControlMessageRejected(ILogger logger, string requester, string reason);

    [LoggerMessage(204, LogLevel.Debug, "Control form for {Requester}: {Fields} parameter(s) of {Nodes}")]
    public static partial void ControlFormServed(ILogger logger, string requester, int fields, string nodes);

    [LoggerMessage(205, LogLevel.Information, "Control form request from {Requester} rejected: {Reason}")]
    public static partial void ControlFormRejected(ILogger logger, string requester, string reason);
}
