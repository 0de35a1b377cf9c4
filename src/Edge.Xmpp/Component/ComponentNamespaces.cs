using System.Xml.Linq;

namespace Edge.Xmpp.Component;

/// <summary>XEP-0114 namespaces (the only place these strings appear).</summary>
public static class ComponentNamespaces
{
    /// <summary>The stream namespace of the "accept" method (XEP-0114 §3): the component connects to the server.</summary>
    public static readonly XNamespace Accept = "jabber:component:accept";
}
