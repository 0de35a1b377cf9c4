using System.Xml.Linq;

namespace Edge.Xmpp.AdHoc;

/// <summary>XEP-0050 (ad-hoc commands): the only place the namespace appears.</summary>
public static class AdHocNamespaces
{
    public static readonly XNamespace Commands = "http://jabber.org/protocol/commands";

    /// <summary>The disco#info feature, and the disco node under which the commands are listed (§2.2).</summary>
    public static string Feature => Commands.NamespaceName;
}
