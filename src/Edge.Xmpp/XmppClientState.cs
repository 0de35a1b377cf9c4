namespace Edge.Xmpp;

/// <summary>Where the client is in its life.</summary>
public enum XmppClientState
{
    Disconnected,
    Connecting,
    Connected,

    /// <summary>Lost the connection; waiting out the backoff before the next attempt.</summary>
    Reconnecting,

    /// <summary>Stopped for good: authentication or TLS failed (no reconnect storm), or disposed.</summary>
    Failed,
}
