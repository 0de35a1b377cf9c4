using System.Xml.Linq;

namespace Edge.Xmpp.PubSub;

/// <summary>
/// The <c>&lt;pubsub&gt;&lt;publish node&gt;&lt;item id&gt;…&lt;/item&gt;&lt;/publish&gt;&lt;/pubsub&gt;</c> of XEP-0060
/// §7.1.1 around a payload that writes itself, with the §7.1.5 publish-options form when there is one: the same bytes
/// as <see cref="PubSubClient.CreatePublish(Jid?, string, string, XElement, IReadOnlyDictionary{string, string}?)"/>.
/// </summary>
internal sealed class PublishContent(string node, string itemId, IXmlContent payload, XElement? publishOptions) : IXmlContent
{
    public XName Name => PubSubNamespaces.PubSub + "pubsub";

    public void WriteTo(XmlStanzaWriter writer)
    {
        var ns = PubSubNamespaces.PubSub.NamespaceName;
        writer.StartElement("pubsub", ns);
        writer.StartElement("publish", ns);
        writer.Attribute("node", node);
        writer.StartElement("item", ns);
        writer.Attribute("id", itemId);
        payload.WriteTo(writer);
        writer.EndElement();
        writer.EndElement();
        if (publishOptions is not null)
        {
            writer.StartElement("publish-options", ns);
            writer.Element(publishOptions);
            writer.EndElement();
        }

        writer.EndElement();
    }
}
