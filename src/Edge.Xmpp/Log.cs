using Microsoft.Extensions.Logging;

namespace Edge.Xmpp;

/// <summary>Edge.Xmpp's log messages (event ids 1000-1999). Raw XML only at Trace; SASL payloads never.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Connecting to {Host}:{Port} as {Jid}")]
    public static partial void Connecting(ILogger logger, string host, int port, string jid);

    [LoggerMessage(1001, LogLevel.Information, "Connected as {Jid} ({Tls}, SASL {Mechanism}, stream management {Sm})")]
    public static partial void Connected(ILogger logger, string jid, string tls, string mechanism, string sm);

    [LoggerMessage(1002, LogLevel.Information, "Stream resumed as {Jid}; {Resent} unacknowledged stanzas resent")]
    public static partial void Resumed(ILogger logger, string jid, int resent);

    [LoggerMessage(1003, LogLevel.Warning, "Connection lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(1004, LogLevel.Information, "Reconnecting in {Delay}")]
    public static partial void ReconnectIn(ILogger logger, TimeSpan delay);

    [LoggerMessage(1005, LogLevel.Error, "Not reconnecting: {Reason}")]
    public static partial void GivingUp(ILogger logger, string reason);

    [LoggerMessage(1006, LogLevel.Information, "Stream resumption refused; starting a fresh session ({Dropped} unacknowledged IQs left to their callers)")]
    public static partial void ResumeRefused(ILogger logger, int dropped);

    [LoggerMessage(1007, LogLevel.Information, "Component {Jid} attached to {Host}:{Port} (XEP-0114 handshake accepted)")]
    public static partial void ComponentConnected(ILogger logger, string jid, string host, int port);

    [LoggerMessage(1010, LogLevel.Trace, "SEND {Xml}")]
    public static partial void Send(ILogger logger, string xml);

    [LoggerMessage(1011, LogLevel.Trace, "RECV {Xml}")]
    public static partial void Receive(ILogger logger, string xml);

    [LoggerMessage(1020, LogLevel.Error, "IQ handler for {Payload} failed; answered internal-server-error")]
    public static partial void IqHandlerFailed(ILogger logger, string payload, Exception exception);

    [LoggerMessage(1021, LogLevel.Debug, "Ignored an IQ response with unknown id {Id} from {From}")]
    public static partial void UnknownIqResponse(ILogger logger, string? id, string? from);

    [LoggerMessage(1022, LogLevel.Warning, "Message/presence handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(1023, LogLevel.Warning, "Ping to the server timed out; dropping the connection")]
    public static partial void PingTimeout(ILogger logger);

    [LoggerMessage(1220, LogLevel.Information, "No answer to the ping within {Timeout}, but the server sent other data meanwhile: it is busy, not gone; keeping the connection")]
    public static partial void PingLateServerBusy(ILogger logger, TimeSpan timeout);

    [LoggerMessage(1024, LogLevel.Warning, "Closing the stream with {Condition}: {Reason}")]
    public static partial void SendingStreamError(ILogger logger, string condition, string reason);
}
