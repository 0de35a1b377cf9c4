namespace Edge.Xmpp;

/// <summary>
/// The root of Edge.Xmpp's failures. Subtypes: <see cref="XmppConnectionException"/> (socket, TLS, authentication,
/// stream error: the session is gone), <see cref="XmppTimeoutException"/> (no answer in time) and
/// <see cref="XmppProtocolException"/> (malformed or hostile input). A peer's stanza error is not an exception: it is
/// returned as a <see cref="StanzaError"/>.
/// </summary>
public class XmppException : Exception
{
    public XmppException()
    {
    }

    public XmppException(string message)
        : base(message)
    {
    }

    public XmppException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
