namespace Edge.Xmpp;

/// <summary>No answer arrived in time (an IQ, a stream negotiation step, a ping).</summary>
public class XmppTimeoutException : XmppException
{
    public XmppTimeoutException()
    {
    }

    public XmppTimeoutException(string message)
        : base(message)
    {
    }

    public XmppTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
