using Microsoft.Extensions.Logging;

namespace Edge.Iot;

// XEP-0326 concentrator browsing: event ids 300-399.
internal static partial class Log
{
    [LoggerMessage(300, LogLevel.Debug, "XEP-0326 {Operation} from {Requester}: answered {Count} item(s)")]
    public static partial void ConcentratorAnswered(ILogger logger, string operation, string requester, int count);

    [LoggerMessage(301, LogLevel.Information, "XEP-0326 {Operation} from {Requester} refused by the access policy")]
    public static partial void ConcentratorRefused(ILogger logger, string operation, string requester);

    [LoggerMessage(302, LogLevel.Debug, "XEP-0326 {Operation} from {Requester}: {Reason}")]
    public static partial void ConcentratorNotFound(ILogger logger, string operation, string requester, string reason);

    [LoggerMessage(303, LogLevel.Debug, "XEP-0326 {Operation} from {Requester} is not implemented here")]
    public static partial void ConcentratorNotImplemented(ILogger logger, string operation, string requester);

    [LoggerMessage(304, LogLevel.Debug, "XEP-0326 {Operation} from {Requester} is malformed: {Reason}")]
    public static partial void ConcentratorBadRequest(ILogger logger, string operation, string requester, string reason);
}
