using Microsoft.Extensions.Logging;

namespace Edge.Registry;

/// <summary>The registry host's log messages (event ids 6000-6099). The component secret and KEY values never appear.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Thing registry {Domain} starting: database {Database} ({Things} things), server {Host}:{Port}")]
    public static partial void Starting(ILogger logger, string domain, string database, long things, string host, int port);

    [LoggerMessage(6001, LogLevel.Information, "Thing registry {Domain} is serving urn:xmpp:iot:discovery")]
    public static partial void Serving(ILogger logger, string domain);

    [LoggerMessage(6002, LogLevel.Information, "Thing registry {Domain} stopped")]
    public static partial void Stopped(ILogger logger, string domain);

    [LoggerMessage(6003, LogLevel.Critical, "The server refused the component: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(6004, LogLevel.Critical, "The thing registry failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
