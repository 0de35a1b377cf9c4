using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>The local status page, metrics and health (Status/StatusHttpServer.cs), ids 2300–2339: never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(2300, LogLevel.Information, "Status page, /metrics and /healthz on http://{Endpoint}/ (served to {Access})")]
    public static partial void HttpListening(ILogger logger, string endpoint, string access);

    [LoggerMessage(2301, LogLevel.Debug, "Status page: refused a request from {Remote} with {Status}: {Reason}")]
    public static partial void HttpBadRequest(ILogger logger, string remote, int status, string reason);

    [LoggerMessage(2302, LogLevel.Warning, "Status page: {Remote} asked for {Path} without the right token (token sent: {TokenSent}); refused with 401")]
    public static partial void HttpUnauthorized(ILogger logger, string remote, string path, bool tokenSent);

    [LoggerMessage(2303, LogLevel.Warning, "Status page: more than {Max} connections at once; refused {Remote} with 503")]
    public static partial void HttpTooManyConnections(ILogger logger, string remote, int max);

    [LoggerMessage(2304, LogLevel.Debug, "Status page: {Remote} did not complete its request within {Timeout}; connection closed")]
    public static partial void HttpTimedOut(ILogger logger, string remote, TimeSpan timeout);

    [LoggerMessage(2305, LogLevel.Debug, "Status page: connection from {Remote} failed: {Reason}")]
    public static partial void HttpConnectionFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(2306, LogLevel.Warning, "Status page: accepting a connection failed: {Reason}")]
    public static partial void HttpAcceptFailed(ILogger logger, string reason);
}
