namespace Edge.Xmpp.Transport;

/// <summary>What <see cref="XmppStream.ReadAsync"/> read from the peer.</summary>
public enum XmppFrameKind
{
    /// <summary>The peer's stream header (<c>&lt;stream:stream&gt;</c>, or EXI's <c>streamStart</c> read back as one); no children.</summary>
    StreamHeader,

    /// <summary>One complete first-level element: a stanza or a nonza (features, SASL, XEP-0198, XEP-0322 …).</summary>
    Element,

    /// <summary>The peer closed its stream (<c>&lt;/stream:stream&gt;</c>, or EXI's <c>streamEnd</c>).</summary>
    StreamEnd,
}
