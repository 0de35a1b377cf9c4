using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// An IQ get/set whose payload writes itself (<see cref="IXmlContent"/>): sent without an <see cref="XElement"/> tree
/// (<see cref="XmppClient.SendIqBatchAsync"/>, <see cref="IqRequest"/>). On the wire it is what
/// <see cref="XmppClient.CreateIq"/> gives for the same payload: <c>&lt;iq type id to&gt;</c>, attributes in that order.
/// </summary>
public sealed class OutgoingIq : OutgoingStanza
{
    public OutgoingIq(string type, string id, Jid? to, IXmlContent payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(payload);
        Type = type;
        Id = id;
        To = to;
        Payload = payload;
    }

    /// <summary>Gets <c>get</c> or <c>set</c> (RFC 6120 §8.2.3).</summary>
    public string Type { get; }

    public string Id { get; }

    /// <summary>Gets the addressee; null for our own server or account.</summary>
    public Jid? To { get; }

    public IXmlContent Payload { get; }

    public override string LocalName => "iq";

    public override bool IsStanza => true;

    internal override void WriteTo(XmlStanzaWriter writer)
    {
        writer.StartElement("iq", XmppNamespaces.Client.NamespaceName);
        writer.Attribute("type", Type);
        writer.Attribute("id", Id);
        writer.Attribute("to", To);
        Payload.WriteTo(writer);
        writer.EndElement();
    }
}
