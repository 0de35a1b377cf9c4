namespace Edge.Xmpp;

/// <summary>Thrown only by <see cref="IqResponse.EnsureSuccess"/>, for callers that treat a peer's "no" as exceptional.</summary>
public class XmppStanzaErrorException : XmppException
{
    public XmppStanzaErrorException()
    {
    }

    public XmppStanzaErrorException(string message)
        : base(message)
    {
    }

    public XmppStanzaErrorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public XmppStanzaErrorException(string what, StanzaError error)
        : base($"{what} failed: {error}")
    {
        Error = error;
    }

    public StanzaError? Error { get; }
}
