namespace Edge.Xmpp;

/// <summary>Why a connection failed; decides whether reconnecting can help.</summary>
public enum ConnectionFailure
{
    /// <summary>TCP connect failed or the connection dropped. Transient: reconnect.</summary>
    Socket,

    /// <summary>TLS negotiation or certificate validation failed. Needs a configuration fix: do not retry in a loop.</summary>
    Tls,

    /// <summary>SASL authentication failed. Needs a configuration fix: do not retry in a loop.</summary>
    Authentication,

    /// <summary>The server (or we) ended the stream with a stream error.</summary>
    StreamError,

    /// <summary>The client was disposed or is not connected.</summary>
    NotConnected,
}
