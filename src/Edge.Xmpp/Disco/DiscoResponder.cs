using System.Xml.Linq;

namespace Edge.Xmpp.Disco;

/// <summary>
/// XEP-0030 disco#info responder: our identity (client/bot) and every feature the modules registered. Queries for
/// the XEP-0115 caps node (<c>node#ver</c>) get the same answer with the node echoed.
/// </summary>
public static class DiscoResponder
{
    public static void Register(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.AddFeature(DiscoNamespaces.Info.NamespaceName);
        client.RegisterIqHandler(DiscoNamespaces.Info + "query", (iq, _) =>
        {
            var query = iq.Elements().First();
            if ((string?)iq.Attribute("type") != "get")
            {
                return ValueTask.FromResult(IqReply.Fail(StanzaError.BadRequest("disco#info is get only.")));
            }

            var node = (string?)query.Attribute("node");
            if (node is not null && node != Caps.EntityCapabilities.NodeAndVersion(client))
            {
                return ValueTask.FromResult(IqReply.Fail(StanzaError.ItemNotFound($"No node '{node}'.")));
            }

            return ValueTask.FromResult(IqReply.Result(Info(client, node)));
        });
    }

    /// <summary>The disco#info answer for this client.</summary>
    public static XElement Info(XmppClient client, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Info(Caps.EntityCapabilities.Identity(client), client.Features, node);
    }

    /// <summary>A disco#info answer (XEP-0030 §3.1): one identity and the features; <paramref name="node"/> echoed.</summary>
    public static XElement Info(Caps.DiscoIdentity identity, IEnumerable<string> features, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(features);
        var result = new XElement(DiscoNamespaces.Info + "query",
            new XElement(DiscoNamespaces.Info + "identity", new XAttribute("category", identity.Category),
                new XAttribute("type", identity.Type), new XAttribute("name", identity.Name)),
            features.Select(f => new XElement(DiscoNamespaces.Info + "feature", new XAttribute("var", f))));
        if (node is not null)
        {
            result.SetAttributeValue("node", node);
        }

        return result;
    }
}
