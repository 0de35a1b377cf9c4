namespace Edge.Xmpp;

/// <summary>
/// The peer sent input we refuse: malformed XML, restricted XML (DTD, entity, processing instruction, comment), an
/// oversize stanza or a protocol violation. <see cref="StreamErrorCondition"/> is the RFC 6120 §4.9.3 condition the
/// client answers with before closing the stream.
/// </summary>
public class XmppProtocolException : XmppException
{
    public XmppProtocolException()
    {
    }

    public XmppProtocolException(string message)
        : base(message)
    {
    }

    public XmppProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public XmppProtocolException(string streamErrorCondition, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StreamErrorCondition = streamErrorCondition;
    }

    /// <summary>e.g. <c>not-well-formed</c>, <c>restricted-xml</c>, <c>policy-violation</c>.</summary>
    public string StreamErrorCondition { get; } = "undefined-condition";
}
