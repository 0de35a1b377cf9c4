namespace Edge.Xmpp;

/// <summary>
/// Markup <see cref="XmlMarkup"/> refused: not well-formed, restricted (RFC 6120 §11.1) or past a bound. The message
/// says what and where; <see cref="XmppProtocolException.StreamErrorCondition"/> is the stream error it earns in a
/// stream (<c>not-well-formed</c>, <c>restricted-xml</c>, <c>policy-violation</c>).
/// </summary>
public sealed class XmlMarkupException : XmppProtocolException
{
    public XmlMarkupException(string streamErrorCondition, string what, int line, int position)
        : base(streamErrorCondition, $"{what} Line {line}, position {position}.")
    {
        Line = line;
        Position = position;
    }

    /// <summary>Gets the line (1-based) of the offending markup.</summary>
    public int Line { get; }

    /// <summary>Gets the position in that line (1-based, in characters).</summary>
    public int Position { get; }
}
