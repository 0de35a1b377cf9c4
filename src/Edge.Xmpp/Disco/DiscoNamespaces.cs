using System.Xml.Linq;

namespace Edge.Xmpp.Disco;

/// <summary>XEP-0030 namespaces.</summary>
public static class DiscoNamespaces
{
    public static readonly XNamespace Info = "http://jabber.org/protocol/disco#info";
    public static readonly XNamespace Items = "http://jabber.org/protocol/disco#items";
}
