namespace Edge.Xmpp;

/// <summary>
/// A message stanza whose one payload writes itself (<see cref="IXmlContent"/>): sent with
/// <see cref="XmppClient.SendAsync(OutgoingMessage, CancellationToken)"/> without an <see cref="System.Xml.Linq.XElement"/>
/// tree (a readout's <c>fields</c> messages, XEP-0323 §3.1). On the wire it is what the tree
/// <c>&lt;message to='…'&gt;payload&lt;/message&gt;</c> gives, byte for byte: no <c>type</c> (RFC 6121 §5.2.2: normal),
/// no <c>id</c>.
/// </summary>
public sealed class OutgoingMessage : OutgoingStanza
{
    public OutgoingMessage(Jid to, IXmlContent payload)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(payload);
        To = to;
        Payload = payload;
    }

    /// <summary>Gets the addressee.</summary>
    public Jid To { get; }

    public IXmlContent Payload { get; }

    public override string LocalName => "message";

    public override bool IsStanza => true;

    internal override void WriteTo(XmlStanzaWriter writer)
    {
        writer.StartElement("message", XmppNamespaces.Client.NamespaceName);
        writer.Attribute("to", To);
        Payload.WriteTo(writer);
        writer.EndElement();
    }
}
